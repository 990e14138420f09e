import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from 'citty'
import { describe, expect, it } from 'vitest'
import { labCommand, type LabContext } from './lab.js'
import { loadStackCatalog } from '../../adapters/lab/load-stack-catalog.js'
import { loadLabTarget } from '../../adapters/lab/load-target.js'
import { writeExports } from '../../adapters/lab/write-exports.js'
import { gzipBytes } from '../../adapters/lab/encode-guestinfo.js'
import { loadModelCatalog } from '../../adapters/catalog/load-model-catalog.js'
import { loadGpuCatalog } from '../../adapters/catalog/load-gpu-catalog.js'
import { rtx3090Box } from '../../core/test-hardware.js'
import type { LabPlan } from '../../core/lab-plan-types.js'

const HOST = new URL('../../adapters/lab/fixtures/esxi-8u2-rtx3090.json', import.meta.url).pathname
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhomelabTestKeyNotARealOneAtAll0000000000 me@lab'

function fakeLab(files: Record<string, string> = {}): LabContext & { out: string[] } {
  const out: string[] = []
  return {
    out,
    io: { stdout: (t) => out.push(t), stderr: () => undefined },
    gzip: gzipBytes,
    async loadCatalogs() {
      const [stacks, models, gpus] = await Promise.all([
        loadStackCatalog(),
        loadModelCatalog(),
        loadGpuCatalog(),
      ])
      return { stacks, models, gpus }
    },
    loadTarget: loadLabTarget,
    probeHardware: () => Promise.resolve(rtx3090Box()),
    readTextFile: (f) =>
      files[f] != null ? Promise.resolve(files[f]) : Promise.reject(new Error(`no ${f}`)),
    writeExports,
  }
}

async function plan(lab: LabContext, rawArgs: string[]): Promise<void> {
  await runCommand(labCommand(lab), { rawArgs: ['plan', ...rawArgs] })
}

describe('homelab-ai lab plan', () => {
  it('--json prints the plan with the VM, guest, reasons and warnings', async () => {
    const lab = fakeLab({ 'key.pub': KEY })
    await plan(lab, [
      'chat',
      '--target',
      HOST,
      '--name',
      'ai-chat',
      '--ssh-key',
      'key.pub',
      '--ip',
      '192.168.1.50/24',
      '--gateway',
      '192.168.1.1',
      '--dns',
      '1.1.1.1',
      '--json',
    ])
    const json = JSON.parse(lab.out.join('\n')) as LabPlan
    expect(json.vm).toMatchObject({
      name: 'ai-chat',
      numCpus: 4,
      memoryMiB: 49152,
      firmware: 'efi',
      memoryReservationLockedToMax: true,
      hardwareVersion: 'vmx-21',
    })
    expect(json.vm.pciDevices).toHaveLength(1)
    expect(json.vm.usbDevices).toEqual([])
    expect(Object.keys(json.vm.extraConfig)).toContain('guestinfo.userdata')
    expect(json.guest.userData).toMatch(/^#cloud-config\n/)
    expect(json.guest.metaData).toContain('192.168.1.50/24')
    expect(json.reasons.length).toBeGreaterThan(5)
    expect(json.warnings).toEqual([])
  })

  it('prints text and writes every export with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lab-cli-'))
    try {
      const lab = fakeLab()
      await plan(lab, ['coral', '--target', HOST, '--out', dir])
      expect((await readdir(dir)).sort()).toEqual([
        'README.md',
        'govc.sh',
        'main.tf',
        'meta-data',
        'plan.json',
        'playbook.yml',
        'powercli.ps1',
        'user-data',
        'variables.tf',
      ])
      const text = lab.out.join('\n')
      expect(text).toContain('USB         1a6e:089a')
      expect(text).toContain('Wrote:')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('applies what-if flags to a probe profile target', async () => {
    const lab = fakeLab()
    await plan(lab, ['llama-server', '--gpu', 'RTX 4090', '--gpu-mode', 'dynamic', '--json'])
    const result = JSON.parse(lab.out.join('\n')) as LabPlan
    expect(result.vm.pciDevices[0]?.mode).toBe('dynamic')
    expect(result.vm.pciDevices[0]?.name).toContain('4090')
  })

  it.each([
    [['nope'], /unknown stack "nope"/],
    [['chat', '--gpu-mode', 'sriov'], /--gpu-mode must be one of/],
    [['chat', '--ubuntu', '20.04'], /--ubuntu must be 22.04 or 24.04/],
    [['chat', '--ip', '10.0.0.5'], /--ip must be an address with its prefix/],
    [['chat', '--gateway', '10.0.0.1'], /--gateway and --dns need --ip/],
    [['chat', '--mmio-gb', 'lots'], /--mmio-gb must be a whole number/],
    [['chat', '--target', HOST, '--gpu', 'RTX 3090'], /what-if flags .* not to a host.json/],
  ])('rejects %j with a one-line error', async (args, message) => {
    await expect(plan(fakeLab(), args)).rejects.toThrow(message)
  })
})
