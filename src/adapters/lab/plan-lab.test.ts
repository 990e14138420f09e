import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadStackCatalog } from './load-stack-catalog.js'
import { loadLabTarget } from './load-target.js'
import { gzipBytes } from './encode-guestinfo.js'
import { loadModelCatalog } from '../catalog/load-model-catalog.js'
import { loadGpuCatalog } from '../catalog/load-gpu-catalog.js'
import { planLab, type LabData, type LabRequest } from '../../core/lab-plan.js'
import type { HostTarget } from '../../core/host-target.js'
import type { FitResult } from '../../core/fit-types.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import { gunzipSync } from 'node:zlib'

const HOST = new URL('./fixtures/esxi-8u2-rtx3090.json', import.meta.url)
let data: LabData
let host: HostTarget

beforeAll(async () => {
  const [stacks, models, gpus] = await Promise.all([
    loadStackCatalog(),
    loadModelCatalog(),
    loadGpuCatalog(),
  ])
  data = { stacks, models, gpus, gzip: gzipBytes }
  host = (await loadLabTarget(HOST.pathname)) as HostTarget
})

function request(overrides: Partial<LabRequest> = {}): LabRequest {
  return {
    stackId: 'chat',
    gpuMode: 'passthrough',
    name: 'ai-lab',
    target: host,
    guest: { ubuntu: '24.04', user: 'admin', network: 'dhcp' },
    options: {},
    ...overrides,
  }
}

describe('planLab on an ESXi 8.0 U2 host with an RTX 3090', () => {
  it('sizes the chat VM and sets every passthrough setting', () => {
    const plan = planLab(request(), data)
    expect(plan.vm).toMatchObject({
      name: 'ai-lab',
      numCpus: 4,
      memoryMiB: 48 * 1024,
      firmware: 'efi',
      secureBoot: false,
      memoryReservationLockedToMax: true,
      nestedHV: false,
      cpuHotAdd: false,
      hardwareVersion: 'vmx-21',
      guestId: 'ubuntu64Guest',
      pciDevices: [
        {
          mode: 'passthrough',
          vendorId: '10de',
          deviceId: '2204',
          pciId: '0000:0b:00.0',
          name: 'NVIDIA GeForce RTX 3090',
        },
      ],
      usbDevices: [],
    })
    expect(plan.vm.extraConfig['pciPassthru.use64bitMMIO']).toBe('TRUE')
    expect(plan.vm.extraConfig['pciPassthru.64bitMMIOSizeGB']).toBe('64')
    expect(plan.vm.extraConfig['hypervisor.cpuid.v0']).toBeUndefined()
    expect(plan.placement).toEqual({
      host: 'esxi01.lab.local',
      datastore: 'nvme-ds',
      network: 'VM Network',
      template: 'ubuntu-24.04-cloudimg',
    })
    expect(plan.warnings).toEqual([expect.stringContaining('No --ssh-key')])
    for (const r of plan.reasons) expect(r.source).not.toBe('')
  })

  it('puts base64 cloud-init documents in guestinfo that decode to the plan documents', () => {
    const plan = planLab(request(), data)
    const ec = plan.vm.extraConfig
    expect(ec['guestinfo.userdata.encoding']).toBe('base64')
    expect(Buffer.from(ec['guestinfo.userdata'] ?? '', 'base64').toString('utf8')).toBe(
      plan.guest.userData,
    )
    expect(Buffer.from(ec['guestinfo.metadata'] ?? '', 'base64').toString('utf8')).toBe(
      plan.guest.metaData,
    )
  })

  it('gzips large documents when gzip is given', () => {
    const plan = planLab(
      request({
        guest: {
          ubuntu: '24.04',
          user: 'admin',
          network: 'dhcp',
          sshKey: Array.from(
            { length: 120 },
            (_v, i) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${'A'.repeat(100)}${i} key${i}`,
          ).join('\n'),
        },
      }),
      data,
    )
    expect(plan.guest.encoding).toBe('gzip+base64')
    const ec = plan.vm.extraConfig
    expect(gunzipSync(Buffer.from(ec['guestinfo.userdata'] ?? '', 'base64')).toString('utf8')).toBe(
      plan.guest.userData,
    )
  })

  it('takes an MMIO override only as a power of two, and hides the hypervisor on request', () => {
    const plan = planLab(request({ options: { mmioSizeGB: 128, consumerGpu: true } }), data)
    expect(plan.vm.extraConfig['pciPassthru.64bitMMIOSizeGB']).toBe('128')
    expect(plan.vm.extraConfig['hypervisor.cpuid.v0']).toBe('FALSE')
    expect(() => planLab(request({ options: { mmioSizeGB: 96 } }), data)).toThrow(/power of two/)
  })

  it('warns when the model does not fit the GPU', () => {
    const plan = planLab(request({ modelId: 'llama-3.1-70b-instruct' }), data)
    expect(plan.warnings.join('\n')).toMatch(/needs about .* GiB of VRAM .* will not fit/)
  })

  it('uses the fit engine when one is passed in', () => {
    const fit = (): FitResult =>
      ({
        quant: 'Q8_0',
        contextTokens: 8192,
        placement: 'gpu',
        level: 'runs-well',
        fits: true,
        memory: { totalGiB: 10, perDevice: [{ device: 'gpu0', totalGiB: 10 }] },
      }) as unknown as FitResult
    const plan = planLab(request({ stackId: 'llama-server' }), { ...data, fit })
    expect(plan.model?.memory).toMatchObject({ basis: 'fit-engine', gpuGiB: 10, quant: 'Q8_0' })
    expect(plan.model?.fetch?.kind).toBe('gguf')
    expect(plan.model?.fetch?.kind === 'gguf' ? plan.model.fetch.file : '').toMatch(/Q8_0\.gguf$/)
  })

  it('warns when the datastore is too small and when the memory exceeds the host', () => {
    const small = planLab(request({ options: { datastore: 'datastore1' } }), data)
    expect(small.warnings.join('\n')).toMatch(/Datastore datastore1 has 30 GiB free/)
    const tiny: HostTarget = { ...host, memoryGiB: 32 }
    expect(planLab(request({ target: tiny }), data).warnings.join('\n')).toMatch(
      /will not power on/,
    )
  })

  it('plans Coral with a USB 3 controller and both USB ids', () => {
    const plan = planLab(request({ stackId: 'coral', gpuMode: 'none' }), data)
    expect(plan.vm.usbController).toBe('usb3')
    expect(plan.vm.usbDevices.map((u) => `${u.vendorId}:${u.productId}@${u.physicalPath}`)).toEqual(
      ['1a6e:089a@path:1/0/3', '18d1:9302@path:1/0/3'],
    )
    expect(plan.vm.pciDevices).toEqual([])
    expect(plan.vm.extraConfig['pciPassthru.use64bitMMIO']).toBeUndefined()
  })

  it('picks a vGPU profile the host offers that holds the stack', () => {
    const vgpuHost: HostTarget = {
      ...host,
      vgpuProfiles: ['grid_a100-4c', 'grid_a100-10c', 'grid_a100-20c'],
    }
    const plan = planLab(request({ target: vgpuHost, gpuMode: 'vgpu' }), data)
    expect(plan.vm.pciDevices[0]).toMatchObject({
      mode: 'vgpu',
      vgpuProfile: 'grid_a100-10c',
      framebufferGiB: 10,
    })
    const missing = planLab(
      request({ target: vgpuHost, gpuMode: 'vgpu', vgpuProfile: 'grid_a100-40c' }),
      data,
    )
    expect(missing.warnings.join('\n')).toMatch(/does not offer vGPU profile grid_a100-40c/)
  })

  it('plans Dynamic DirectPath by vendor and device id, without a PCI address', () => {
    const plan = planLab(request({ gpuMode: 'dynamic' }), data)
    expect(plan.vm.pciDevices[0]).toMatchObject({
      mode: 'dynamic',
      vendorId: '10de',
      deviceId: '2204',
      pciId: null,
    })
  })

  it('warns instead of failing when there is no GPU to pass through', () => {
    const plan = planLab(request({ target: miniPcNoGpu() }), data)
    expect(plan.vm.pciDevices).toEqual([])
    expect(plan.warnings.join('\n')).toMatch(/no NVIDIA GPU free/)
  })

  it('reads a probe profile as the target', () => {
    const plan = planLab(request({ target: rtx3090Box() }), data)
    expect(plan.vm.pciDevices[0]?.pciId).toBe('0000:0b:00.0')
    expect(plan.vm.hardwareVersion).toBe('vmx-19')
  })

  it('sizes a CPU-only stack from cores and RAM, with no reservation', () => {
    const plan = planLab(request({ stackId: 'chat-cpu', gpuMode: 'none' }), data)
    expect(plan.vm.numCpus).toBe(8)
    expect(plan.vm.pciDevices).toEqual([])
    expect(plan.vm.memoryReservationLockedToMax).toBe(false)
    expect(plan.guest.userData).not.toContain('ubuntu-drivers')
  })

  it('moves AUTOMATIC1111 to Ubuntu 22.04 with a warning', () => {
    const plan = planLab(request({ stackId: 'sd-webui' }), data)
    expect(plan.guest.request.ubuntu).toBe('22.04')
    expect(plan.warnings.join('\n')).toMatch(/does not support Ubuntu 24.04/)
  })

  it('rejects bad input with one-line errors', () => {
    expect(() => planLab(request({ stackId: 'chatbot' }), data)).toThrow(/unknown stack "chatbot"/)
    expect(() => planLab(request({ modelId: 'no-such-model-xyz' }), data)).toThrow(/unknown model/)
    expect(() => planLab(request({ modelId: 'sdxl-base-1.0' }), data)).toThrow(/serves llm models/)
    expect(() =>
      planLab(request({ guest: { ubuntu: '24.04', user: 'Root$', network: 'dhcp' } }), data),
    ).toThrow(/--user/)
    expect(() => planLab(request({ name: '' }), data)).toThrow(/--name/)
  })

  it('loads the stack catalog from disk with every requirement sourced', async () => {
    const raw = JSON.parse(
      await readFile(new URL('../../../catalog/stacks.json', import.meta.url), 'utf8'),
    ) as { stacks: unknown[] }
    expect(data.stacks.stacks.map((s) => s.id)).toEqual([
      'chat',
      'chat-cpu',
      'llama-server',
      'llama-server-cpu',
      'comfyui',
      'sd-webui',
      'jupyter',
      'jupyter-cpu',
      'tensorflow',
      'tensorflow-cpu',
      'coral',
    ])
    expect(raw.stacks).toHaveLength(11)
  })
})
