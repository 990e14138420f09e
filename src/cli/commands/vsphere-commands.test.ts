// `inventory` and `lab apply` against the simulator (test/vcsim), through citty like the CLI.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from 'citty'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVcsim, VCSIM_BUILD_TIMEOUT_MS, type Vcsim } from '../../../test/vcsim/start-vcsim.js'
import { createTestContext } from '../test-context.js'
import { inventoryCommand, type InventoryView } from './inventory.js'
import { labApplyCommand, type LabApplyView } from './lab-apply.js'
import { validateHostTarget } from '../../core/host-target.js'
import { labCommand, labContextFrom } from './lab.js'
import type { LabPlan } from '../../core/lab-plan-types.js'

describe('vSphere commands', () => {
  let sim: Vcsim
  let dir: string
  const context = () => ({
    ...createTestContext(),
    env: { GOVC_URL: sim.url, GOVC_USERNAME: 'lab', GOVC_PASSWORD: 'pw' },
  })
  beforeAll(async () => {
    sim = await startVcsim(['-username', 'lab', '-password', 'pw'])
    dir = mkdtempSync(join(tmpdir(), 'lab-apply-'))
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    await sim?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('inventory --json lists hosts with GPUs, readiness and best models, and saves host files', async () => {
    const ctx = context()
    const profiles = join(dir, 'hosts')
    await runCommand(inventoryCommand(ctx), { rawArgs: ['--json', '--save-profile', profiles] })
    const view = JSON.parse(ctx.out.join('')) as InventoryView
    const gpuHost = view.hosts.find((h) => h.name === 'DC0_C0_H0')!
    expect(gpuHost.gpus).toEqual([
      expect.objectContaining({ pciId: '10de:2204', vramMiB: 24576, passthroughEnabled: true }),
    ])
    expect(gpuHost.readiness).toBe('gpu-ready')
    expect(view.fitNote).toBeNull()
    expect(gpuHost.bestModels?.length).toBeGreaterThan(0)
    expect(view.hosts.find((h) => h.name === 'DC0_C0_H1')!.readiness).toBe('cpu-only')
    expect(view.datastores[0]).toMatchObject({ name: 'LocalDS_0' })
    expect(view.vms.filter((v) => !v.name.includes('cloudimg'))).toHaveLength(4)
    expect(view.hosts.find((h) => h.name === 'DC0_C0_H2')!.usbDevices).toEqual([
      {
        description: 'Global Unichip Corp.',
        usbId: '1a6e:089a',
        physicalPath: 'path:1/0/1',
        coral: 'unprogrammed',
        inUseBy: null,
      },
    ])
    expect(view.networks.find((n) => n.name === 'DC0_DVPG0')).toMatchObject({
      kind: 'DistributedVirtualPortgroup',
      switchName: 'DVS0',
      uplink: false,
      portgroupKey: expect.stringMatching(/^dvportgroup-/) as unknown,
    })
    expect(readdirSync(profiles).sort()).toEqual([
      'DC0_C0_H0.json',
      'DC0_C0_H1.json',
      'DC0_C0_H2.json',
      'DC0_H0.json',
    ])
    validateHostTarget(JSON.parse(readFileSync(join(profiles, 'DC0_C0_H0.json'), 'utf8')))
    // The Coral on DC0_C0_H2 reaches the host file, so lab plan --target finds its port.
    expect(
      validateHostTarget(JSON.parse(readFileSync(join(profiles, 'DC0_C0_H2.json'), 'utf8')))
        .usbDevices,
    ).toEqual([
      {
        vendorId: '1a6e',
        productId: '089a',
        description: 'Global Unichip Corp.',
        physicalPath: 'path:1/0/1',
      },
    ])
  })

  it('inventory prints USB devices and distributed port groups', async () => {
    const ctx = context()
    await runCommand(inventoryCommand(ctx), { rawArgs: [] })
    const text = ctx.out.join('\n')
    expect(text).toContain(
      '  USB Global Unichip Corp. 1a6e:089a at path:1/0/1 (Coral USB Accelerator, before its firmware load)',
    )
    expect(text).toMatch(
      /distributed port group DC0_DVPG0 \(key dvportgroup-\d+, switch DVS0 [0-9a-f-]+\)\n/,
    )
    expect(text).toMatch(/distributed port group DVS0-DVUplinks-9 .*: uplinks, not for VMs/)
  })

  it('lab plan --server sizes the plan for the live host with the GPU', async () => {
    const ctx = context()
    await runCommand(labCommand(labContextFrom(ctx)), {
      rawArgs: ['plan', 'chat', '--server', sim.url, '--json'],
    })
    const planned = JSON.parse(ctx.out.join('')) as LabPlan
    expect(planned.vm.pciDevices).toEqual([
      expect.objectContaining({ vendorId: expect.stringMatching(/10de/i) as unknown }),
    ])
    const named = context()
    await expect(
      runCommand(labCommand(labContextFrom(named)), {
        rawArgs: ['plan', 'chat', '--server', sim.url, '--host', 'NO_SUCH_HOST'],
      }),
    ).rejects.toThrow(/no host "NO_SUCH_HOST"/)
  })

  it('without a password and without a terminal it says how to give one', async () => {
    const ctx = { ...createTestContext(), env: { GOVC_URL: sim.url, GOVC_USERNAME: 'lab' } }
    await expect(runCommand(inventoryCommand(ctx), { rawArgs: [] })).rejects.toThrow(
      /GOVC_PASSWORD/,
    )
  })

  const plan = {
    schemaVersion: 1,
    vm: {
      name: 'ollama-lab',
      numCpus: 8,
      memoryMiB: 16384,
      diskGiB: 1,
      firmware: 'efi',
      secureBoot: false,
      memoryReservationLockedToMax: true,
      nestedHV: false,
      cpuHotAdd: false,
      hardwareVersion: 'vmx-20',
      guestId: 'ubuntu64Guest',
      extraConfig: { 'pciPassthru.use64bitMMIO': 'TRUE', 'pciPassthru.64bitMMIOSizeGB': '64' },
      pciDevices: [
        {
          mode: 'dynamic',
          vendorId: '10de',
          deviceId: '2204',
          pciId: null,
          name: 'RTX 3090',
          framebufferGiB: 24,
        },
      ],
      usbDevices: [],
    },
    placement: {
      host: null,
      datastore: 'datastore1',
      network: 'VM Network',
      template: 'ubuntu-24.04-cloudimg',
    },
    guest: { instanceId: 'i-1', userData: '#cloud-config\n', metaData: '', encoding: 'base64' },
  }

  it('lab apply is a dry run by default: what is cloned from where to where, and why', async () => {
    const file = join(dir, 'plan.json')
    writeFileSync(file, JSON.stringify(plan))
    const ctx = context()
    await runCommand(labApplyCommand(ctx), { rawArgs: [dir] })
    const text = ctx.out.join('\n')
    expect(text).toMatch(/^Dry run: nothing was changed/)
    expect(text).toMatch(
      /\nClone template ubuntu-24\.04-cloudimg \(vm-\d+, on DC0_C0_H0, vmx-21, 10 GiB disk\)\n {2}to VM ollama-lab on host DC0_C0_H0, datastore LocalDS_0, network VM Network, powered off\n {2}the clone's config spec: numCPUs 2 → 8; .*add Dynamic DirectPath 10de:2204/,
    )
    expect(text).toContain(
      "  note: the template's disk (10 GiB) is not smaller than the plan's 1 GiB; kept",
    )
    expect(text).not.toContain('--yes would refuse')
    expect(text).toContain('on host DC0_C0_H0, datastore LocalDS_0, network VM Network')
    expect(text).toContain('dynamic-passthrough 10de:2204')
    expect(text).toMatch(/Why this host:\n {2}- \d+ GiB RAM free/)
    expect(text).toMatch(/DC0_C0_H1: .*no GPU 10de:2204/)
  })

  it('lab apply --yes creates the VM once; a second run changes nothing', async () => {
    const ctx = context()
    await runCommand(labApplyCommand(ctx), { rawArgs: [join(dir, 'plan.json'), '--yes', '--json'] })
    const view = JSON.parse(ctx.out.join('')) as LabApplyView
    expect(view.result).toMatchObject({ status: 'created', host: 'DC0_C0_H0' })
    expect(ctx.err.some((l) => l.startsWith('[clone]'))).toBe(true)
    expect(ctx.err.some((l) => l.startsWith('[power-on]'))).toBe(true)
    const again = context()
    await runCommand(labApplyCommand(again), { rawArgs: [join(dir, 'plan.json'), '--yes'] })
    expect(again.out.join('')).toMatch(/already exists from this plan/)
  })

  it('lab apply --template names a missing template: the dry run says how to import it, --yes refuses', async () => {
    writeFileSync(
      join(dir, 'nt.json'),
      JSON.stringify({ ...plan, vm: { ...plan.vm, name: 'nt-lab' } }),
    )
    const dry = context()
    await runCommand(labApplyCommand(dry), {
      rawArgs: [join(dir, 'nt.json'), '--template', 'ubuntu-nope'],
    })
    const text = dry.out.join('\n')
    expect(text).toContain(
      `--yes would refuse: template ubuntu-nope not found on ${sim.url}; import Ubuntu's cloud image once: govc import.ova -ds LocalDS_0 -name ubuntu-nope`,
    )
    expect(text).toContain('Template ubuntu-nope: not found')
    await expect(
      runCommand(labApplyCommand(context()), {
        rawArgs: [join(dir, 'nt.json'), '--template', 'ubuntu-nope', '--yes'],
      }),
    ).rejects.toThrow(/^template ubuntu-nope not found on .*govc vm\.markastemplate ubuntu-nope$/)
  })

  it('lab apply --network onto a distributed port group', async () => {
    writeFileSync(
      join(dir, 'dvpg.json'),
      JSON.stringify({ ...plan, vm: { ...plan.vm, name: 'dvpg-lab', pciDevices: [] } }),
    )
    const ctx = context()
    await runCommand(labApplyCommand(ctx), {
      rawArgs: [join(dir, 'dvpg.json'), '--network', 'DC0_DVPG0', '--yes', '--json'],
    })
    const view = JSON.parse(ctx.out.join('')) as LabApplyView
    expect(view.network).toBe('DC0_DVPG0')
    expect(view.reasons).toContain('network DC0_DVPG0 (distributed switch DVS0)')
    expect(view.result).toMatchObject({ status: 'created' })
  })

  it('a plan that fits nowhere is refused with the reason per host', async () => {
    writeFileSync(
      join(dir, 'big.json'),
      JSON.stringify({ ...plan, vm: { ...plan.vm, name: 'huge', memoryMiB: 4096 * 1024 } }),
    )
    await expect(
      runCommand(labApplyCommand(context()), { rawArgs: [join(dir, 'big.json')] }),
    ).rejects.toThrow(/no host fits VM huge: .*needs 4096 GiB RAM/)
  })
})

describe('lab apply on a standalone ESXi simulator', () => {
  let sim: Vcsim
  let dir: string
  beforeAll(async () => {
    sim = await startVcsim(['-esx', '-username', 'lab', '-password', 'pw'])
    dir = mkdtempSync(join(tmpdir(), 'lab-apply-esx-'))
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    await sim?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the dry run says the template disk is copied and a VM created on the copy', async () => {
    const plan = JSON.parse(
      readFileSync(new URL('../../adapters/lab/golden/plan.json', import.meta.url), 'utf8'),
    ) as LabPlan
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({
        ...plan,
        vm: { ...plan.vm, name: 'esx-lab', diskGiB: 20 },
        placement: {
          host: null,
          datastore: null,
          network: null,
          template: 'ubuntu-24.04-cloudimg',
        },
      }),
    )
    const ctx = {
      ...createTestContext(),
      env: { GOVC_URL: sim.url, GOVC_USERNAME: 'lab', GOVC_PASSWORD: 'pw' },
    }
    await runCommand(labApplyCommand(ctx), { rawArgs: [dir] })
    const text = ctx.out.join('\n')
    expect(text).toMatch(/^Dry run: nothing was changed/)
    expect(text).toMatch(
      /\nCopy the disk of VM ubuntu-24\.04-cloudimg \(vm-\d+.*\)\n {2}\[LocalDS_0\] ubuntu-24\.04-cloudimg\/ubuntu-24\.04-cloudimg\.vmdk → \[LocalDS_0\] esx-lab\/esx-lab\.vmdk \(thin\)\n {2}then CreateVM_Task esx-lab on that disk on host localhost\.localdomain/,
    )
  })
})
