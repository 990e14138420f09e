import { describe, expect, it } from 'vitest'
import type { HardwareProfile } from './hardware.js'
import { RUNTIME_ABSENT } from './hardware.js'
import type { ProfileChange } from './snapshot-diff.js'
import { diffProfiles } from './snapshot-diff.js'
import {
  coralUsb,
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  mount,
  presentRuntime,
  rtx3090,
  rtx3090Box,
} from './test-hardware.js'

/** The same machine probed a few minutes later: only volatile values moved. */
function reprobed(hw: HardwareProfile): HardwareProfile {
  return {
    ...hw,
    probedAt: '2026-11-30T09:21:42.000Z',
    probeDurationMs: (hw.probeDurationMs ?? 0) + 37,
    cpu: { ...hw.cpu, clockMHz: (hw.cpu.clockMHz ?? 1000) + 1200 },
    memory: { ...hw.memory, availableGiB: hw.memory.availableGiB - 2.4 },
    gpus: hw.gpus.map((gpu) => ({
      ...gpu,
      vramFreeMiB: gpu.vramFreeMiB == null ? null : gpu.vramFreeMiB - 5120,
      pcie: gpu.pcie == null ? null : { ...gpu.pcie, genCurrent: 1 },
    })),
    storage: hw.storage.map((m) => ({ ...m, freeGiB: m.freeGiB - 0.4 })),
    runtimes: { ...hw.runtimes, ollama: { ...hw.runtimes.ollama, detail: '5 local models' } },
    notes: [],
  }
}

describe('diffProfiles: two probes of an unchanged machine', () => {
  it.each([
    ['miniPcNoGpu', miniPcNoGpu()],
    ['rtx3090Box', rtx3090Box()],
    ['esxiVmWithPassthrough', esxiVmWithPassthrough()],
    ['macMiniM2Pro', macMiniM2Pro()],
  ])('%s gives no changes', (_name, hw) => {
    expect(diffProfiles(hw, reprobed(hw))).toEqual([])
  })

  it('ignores a Coral USB loading its firmware (its USB id changes)', () => {
    const before = miniPcNoGpu({ accelerators: [coralUsb('bootloader')] })
    expect(diffProfiles(before, miniPcNoGpu({ accelerators: [coralUsb('ready')] }))).toEqual([])
  })

  it('ignores facts one probe could not read (memory type without root)', () => {
    const rooted = miniPcNoGpu()
    const plain = miniPcNoGpu({
      memory: { ...rooted.memory, type: null, speedMTs: null, channels: null },
    })
    expect(diffProfiles(rooted, plain)).toEqual([])
  })
})

const box = rtx3090Box()
const vm = esxiVmWithPassthrough()
const mini = miniPcNoGpu()

describe('diffProfiles: real changes', () => {
  it.each<[string, HardwareProfile, HardwareProfile, ProfileChange[]]>([
    [
      'driver upgrade with a new CUDA version',
      box,
      rtx3090Box({ gpus: [rtx3090({ driver: '560.35.03', cudaVersion: '12.6' })] }),
      [
        change('gpu', 'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0) driver', '550.120', '560.35.03'),
        change('gpu', 'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0) CUDA', '12.4', '12.6'),
      ],
    ],
    [
      'a GPU added to the mini PC',
      mini,
      miniPcNoGpu({ gpus: [rtx3090({ busId: '0000:01:00.0' })] }),
      [
        {
          area: 'gpu',
          kind: 'added',
          label: 'GPU NVIDIA GeForce RTX 3090 (0000:01:00.0)',
          before: null,
          after: 'NVIDIA GeForce RTX 3090, 24 GiB VRAM',
        },
      ],
    ],
    [
      'a passthrough GPU removed from the VM',
      vm,
      esxiVmWithPassthrough({ gpus: [] }),
      [
        {
          area: 'gpu',
          kind: 'removed',
          label: 'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0)',
          before: 'NVIDIA GeForce RTX 3090, 24 GiB VRAM, passthrough',
          after: null,
        },
      ],
    ],
    [
      'a card swapped in the same slot',
      box,
      rtx3090Box({
        gpus: [rtx3090({ name: 'NVIDIA GeForce RTX 4090', vramMiB: 24564, pciId: '10de:2684' })],
      }),
      [change('gpu', 'GPU at 0000:0b:00.0', 'NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 4090')],
    ],
    [
      'VRAM of a vGPU profile grows',
      rtx3090Box({
        gpus: [rtx3090({ attachment: 'vgpu', vgpuProfile: 'GRID RTX6000-12Q', vramMiB: 12288 })],
      }),
      rtx3090Box({
        gpus: [rtx3090({ attachment: 'vgpu', vgpuProfile: 'GRID RTX6000-24Q', vramMiB: 24576 })],
      }),
      [
        change('gpu', 'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0) VRAM', '12 GiB', '24 GiB'),
        change(
          'gpu',
          'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0) vGPU profile',
          'GRID RTX6000-12Q',
          'GRID RTX6000-24Q',
        ),
      ],
    ],
    [
      'a card moved to a x8 slot keeps its identity by name',
      box,
      rtx3090Box({
        gpus: [
          rtx3090({
            busId: '0000:0c:00.0',
            pcie: { genCurrent: 4, genMax: 4, widthCurrent: 8, widthMax: 8 },
          }),
        ],
      }),
      [
        change(
          'gpu',
          'GPU NVIDIA GeForce RTX 3090 (0000:0c:00.0) PCIe slot',
          'Gen 4 x16',
          'Gen 4 x8',
        ),
      ],
    ],
    [
      'RAM upgrade from 16 to 32 GiB',
      mini,
      miniPcNoGpu({ memory: { ...mini.memory, totalGiB: 31.1 } }),
      [change('memory', 'RAM total', '15.4 GiB', '31.1 GiB')],
    ],
    [
      'more vCPUs for the VM',
      vm,
      esxiVmWithPassthrough({ cpu: { ...vm.cpu, cores: 16, threads: 16 } }),
      [change('cpu', 'CPU cores', '8', '16'), change('cpu', 'CPU threads', '8', '16')],
    ],
    [
      'a new host CPU exposes AVX-512 to the VM',
      vm,
      esxiVmWithPassthrough({
        cpu: {
          ...vm.cpu,
          model: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
          simd: [...vm.cpu.simd, 'avx512f'],
        },
      }),
      [
        change(
          'cpu',
          'CPU model',
          'Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz',
          'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz',
        ),
        {
          area: 'cpu',
          kind: 'added',
          label: 'CPU feature avx512f',
          before: null,
          after: 'avx512f',
        },
      ],
    ],
    [
      'kernel and OS upgrade',
      box,
      rtx3090Box({
        os: { ...box.os, name: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-51-generic' },
      }),
      [
        change('os', 'OS', 'Ubuntu 22.04.5 LTS', 'Ubuntu 24.04.1 LTS'),
        change('os', 'Kernel', '6.8.0-49-generic', '6.8.0-51-generic'),
      ],
    ],
    [
      'the same disk image now runs as a VMware VM',
      mini,
      miniPcNoGpu({ virtualization: { ...vm.virtualization, openVmTools: false } }),
      [
        change('virtualization', 'Virtualization', 'bare-metal', 'vm (vmware)'),
        {
          area: 'virtualization',
          kind: 'added',
          label: 'Hypervisor under the container',
          before: null,
          after: 'vmware',
        },
        change('virtualization', 'CPU hypervisor flag', 'not set', 'set'),
      ],
    ],
    [
      'a new mount and a model download',
      box,
      rtx3090Box({
        storage: [
          box.storage[0]!,
          { ...box.storage[1]!, freeGiB: 3062.1 },
          mount({
            mount: '/mnt/nas',
            device: '//nas.lan/ai',
            fsType: 'cifs',
            kind: 'network',
            sizeGiB: 7450.6,
          }),
        ],
      }),
      [
        change('storage', 'Mount /srv/models free space', '3102.4 GiB', '3062.1 GiB'),
        {
          area: 'storage',
          kind: 'added',
          label: 'Mount /mnt/nas',
          before: null,
          after: '//nas.lan/ai, cifs, network, 7450.6 GiB',
        },
      ],
    ],
    [
      'a Coral USB plugged in, first on a USB 2 port',
      mini,
      miniPcNoGpu({ accelerators: [{ ...coralUsb('bootloader'), usbSpeedMbps: 480 }] }),
      [
        {
          area: 'accelerator',
          kind: 'added',
          label: 'Global Unichip Corp. (Coral USB Accelerator, bootloader)',
          before: null,
          after: 'Global Unichip Corp. (Coral USB Accelerator, bootloader) (1a6e:089a)',
        },
      ],
    ],
    [
      'the Coral moved to a USB 3 port',
      miniPcNoGpu({ accelerators: [{ ...coralUsb('ready'), usbSpeedMbps: 480 }] }),
      miniPcNoGpu({ accelerators: [coralUsb('ready')] }),
      [change('accelerator', 'Google Coral USB Accelerator USB link', '480 Mbit/s', '5000 Mbit/s')],
    ],
    [
      'Ollama installed, Docker removed',
      vm,
      esxiVmWithPassthrough({
        runtimes: {
          ...vm.runtimes,
          ollama: presentRuntime('0.5.1', '0 local models'),
          docker: RUNTIME_ABSENT,
        },
      }),
      [
        { area: 'runtime', kind: 'added', label: 'Ollama', before: null, after: '0.5.1' },
        { area: 'runtime', kind: 'removed', label: 'Docker', before: '27.3.1', after: null },
      ],
    ],
  ])('%s', (_name, older, newer, expected) => {
    expect(diffProfiles(older, newer)).toEqual(expected)
  })

  it('tells two identical cards apart by bus id when one is removed', () => {
    const twin = (busId: string) => rtx3090({ busId })
    const older = rtx3090Box({ gpus: [twin('0000:0b:00.0'), twin('0000:0c:00.0')] })
    const newer = rtx3090Box({ gpus: [twin('0000:0c:00.0')] })
    expect(diffProfiles(older, newer)).toEqual([
      {
        area: 'gpu',
        kind: 'removed',
        label: 'GPU NVIDIA GeForce RTX 3090 (0000:0b:00.0)',
        before: 'NVIDIA GeForce RTX 3090, 24 GiB VRAM',
        after: null,
      },
    ])
  })

  it('pairs GPUs without bus ids by name and position', () => {
    const noBus = (driver: string) => rtx3090({ busId: null, driver })
    const older = rtx3090Box({ gpus: [noBus('550.120'), noBus('550.120')] })
    const newer = rtx3090Box({ gpus: [noBus('550.120'), noBus('550.120'), noBus('550.120')] })
    expect(diffProfiles(older, newer).map((c) => [c.kind, c.label])).toEqual([
      ['added', 'GPU NVIDIA GeForce RTX 3090'],
    ])
  })

  it('compares a different machine area by area', () => {
    const areas = new Set(diffProfiles(mini, box).map((c) => c.area))
    expect([...areas]).toEqual(['cpu', 'memory', 'gpu', 'storage', 'os', 'runtime'])
  })
})

function change(
  area: ProfileChange['area'],
  label: string,
  before: string,
  after: string,
): ProfileChange {
  return { area, kind: 'changed', label, before, after }
}
