import { describe, expect, it } from 'vitest'
import { assessReadiness, type Finding } from './readiness.js'
import {
  coralUsb,
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  mount,
  rtx3090,
  rtx3090Box,
  ryzenApuMiniPc,
} from './test-hardware.js'
import type { HardwareProfile } from './hardware.js'
import { TEST_FIT_DATA } from './test-fit-data.js'

function statusOf(hw: HardwareProfile): Record<string, Finding['status']> {
  return Object.fromEntries(assessReadiness(hw).findings.map((f) => [f.id, f.status]))
}

describe('assessReadiness', () => {
  it('a bare-metal RTX 3090 box passes the GPU rules', () => {
    const s = statusOf(rtx3090Box())
    expect(s).toMatchObject({
      'gpu-present': 'pass',
      vram: 'pass',
      'gpu-driver': 'pass',
      'ram-ratio': 'pass',
      'cpu-cores': 'pass',
      'cpu-arch': 'pass',
      'cpu-simd': 'pass',
    })
    expect(s['vm-gpu']).toBeUndefined()
  })

  it('a mini PC without a GPU is usable for learning, not failed', () => {
    const r = assessReadiness(miniPcNoGpu())
    expect(r.verdict).toBe('usable')
    expect(r.findings.find((f) => f.id === 'gpu-present')).toMatchObject({
      status: 'warn',
      value: 'no GPU found',
    })
    expect(r.findings.find((f) => f.id === 'ram-ratio')?.status).toBe('skip')
  })

  it.each([
    [24576, 'pass'],
    [8188, 'pass'],
    [6144, 'warn'],
    [4096, 'warn'],
    [2048, 'fail'],
  ] as const)('VRAM of %i MiB is %s', (vramMiB, status) => {
    const hw = rtx3090Box({ gpus: [rtx3090({ vramMiB, vramFreeMiB: vramMiB })] })
    expect(statusOf(hw).vram).toBe(status)
  })

  it('RAM under twice the VRAM is a warning with the size to buy', () => {
    const hw = rtx3090Box({ memory: { ...rtx3090Box().memory, totalGiB: 32 } })
    const f = assessReadiness(hw).findings.find((x) => x.id === 'ram-ratio')
    expect(f).toMatchObject({ status: 'warn', fix: 'Give this machine at least 48 GiB of RAM.' })
  })

  it('an NVIDIA GPU without nvidia-smi fails the driver check with the Ubuntu fix', () => {
    const hw = rtx3090Box({
      gpus: [rtx3090({ driver: null, cudaVersion: null, vramMiB: null, vramFreeMiB: null })],
      runtimes: {
        ...rtx3090Box().runtimes,
        nvidiaSmi: { present: false, version: null, detail: null },
      },
    })
    const f = assessReadiness(hw).findings.find((x) => x.id === 'gpu-driver')
    expect(f?.status).toBe('fail')
    expect(f?.fix).toContain('ubuntu-drivers install --gpgpu')
    expect(assessReadiness(hw).verdict).toBe('not-ready')
  })

  it('an ESXi VM with a passthrough GPU gets the VMware checks', () => {
    const s = statusOf(esxiVmWithPassthrough())
    expect(s).toMatchObject({
      'vm-gpu': 'pass',
      'vm-memory-reservation': 'pass',
      'vm-64bit-mmio': 'pass',
      'vm-tools': 'pass',
    })
  })

  it('an ESXi VM without a GPU is told how to add one, and without tools how to install them', () => {
    const base = esxiVmWithPassthrough()
    const hw = esxiVmWithPassthrough({
      gpus: [],
      virtualization: { ...base.virtualization, openVmTools: false },
    })
    const r = assessReadiness(hw)
    expect(r.findings.find((f) => f.id === 'vm-gpu')?.status).toBe('warn')
    expect(r.findings.find((f) => f.id === 'vm-tools')?.fix).toContain('open-vm-tools')
  })

  it('a passthrough GPU whose VRAM is unknown gets the MMIO size to set', () => {
    const base = esxiVmWithPassthrough()
    const hw = esxiVmWithPassthrough({
      gpus: base.gpus.map((g) => ({ ...g, vramMiB: null, vramFreeMiB: null })),
    })
    const f = assessReadiness(hw).findings.find((x) => x.id === 'vm-64bit-mmio')
    expect(f?.status).toBe('warn')
    expect(f?.fix).toContain('pciPassthru.64bitMMIOSizeGB')
  })

  it('Apple Silicon is said honestly: unified memory, arm64 passes', () => {
    const r = assessReadiness(macMiniM2Pro())
    const vram = r.findings.find((f) => f.id === 'vram')
    expect(vram?.status).toBe('pass')
    expect(vram?.value).toContain('unified memory')
    expect(r.findings.find((f) => f.id === 'cpu-arch')).toMatchObject({
      status: 'pass',
      value: 'arm64 (Apple Silicon)',
    })
  })

  it('an AMD iGPU counts its GTT with the carve-out, and says how to raise it when small', () => {
    const vram = (hw: HardwareProfile) =>
      assessReadiness(hw, TEST_FIT_DATA.gpus).findings.find((f) => f.id === 'vram')
    expect(vram(ryzenApuMiniPc())).toMatchObject({
      status: 'pass',
      title: 'GPU memory',
      value: 'AMD GPU 1002:150e: 2.0 GiB BIOS carve-out + 30.7 GiB of RAM mapped for the GPU (GTT)',
    })
    const small = vram(ryzenApuMiniPc({ vramMiB: 512, vramFreeMiB: 400, gttMiB: 4096 }))
    expect(small?.status).toBe('warn')
    expect(small?.fix).toMatch(/amdgpu\.gttsize or ttm\.pages_limit/)
    // Without the catalog the iGPU cannot be told from a small card: the plain VRAM rule applies.
    expect(assessReadiness(ryzenApuMiniPc()).findings.find((f) => f.id === 'vram')?.title).toBe(
      'VRAM',
    )
  })

  it.each([
    [600, 'nvme', 'pass', 'pass'],
    [100, 'ssd', 'warn', 'pass'],
    [15, 'hdd', 'warn', 'warn'],
    [5, 'nvme', 'fail', 'pass'],
  ] as const)('%i GiB free on %s: free %s, kind %s', (freeGiB, kind, freeStatus, kindStatus) => {
    const hw = rtx3090Box({ storage: [mount({ mount: '/', freeGiB, sizeGiB: 1000, kind })] })
    const s = statusOf(hw)
    expect(s['storage-free']).toBe(freeStatus)
    expect(s['storage-kind']).toBe(kindStatus)
  })

  it('a Coral on USB 2 is a warning; one in bootloader state explains the id change', () => {
    const slow = { ...coralUsb('ready'), usbSpeedMbps: 480 }
    const r1 = assessReadiness(miniPcNoGpu({ accelerators: [slow] }))
    expect(r1.findings.find((f) => f.id === 'coral')?.status).toBe('warn')
    const r2 = assessReadiness(miniPcNoGpu({ accelerators: [coralUsb('bootloader')] }))
    const f = r2.findings.find((x) => x.id === 'coral')
    expect(f?.status).toBe('pass')
    expect(f?.why).toContain('18d1:9302')
  })

  it('counts add up and every finding explains itself', () => {
    for (const hw of [miniPcNoGpu(), rtx3090Box(), esxiVmWithPassthrough(), macMiniM2Pro()]) {
      const r = assessReadiness(hw)
      const total = r.counts.pass + r.counts.warn + r.counts.fail + r.counts.skip
      expect(total).toBe(r.findings.length)
      for (const f of r.findings) {
        expect(f.why.length).toBeGreaterThan(10)
        expect(f.rule.length).toBeGreaterThan(10)
        expect(f.source.length).toBeGreaterThan(5)
        if (f.status === 'fail' || f.status === 'warn') expect(f.fix).not.toBeNull()
      }
    }
  })
})
