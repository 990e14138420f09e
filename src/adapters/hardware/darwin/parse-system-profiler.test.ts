import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseSpDisplays, parseSpHardware } from './parse-system-profiler.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

describe('parseSpHardware on recorded outputs', () => {
  it.each([
    // file, chip, apple silicon, model, cores, packages, clock MHz, memory GiB, virtual
    [
      'tirekick_SPHardwareDataType_apple-m5-max_macbookpro-mac17-6.json',
      'Apple M5 Max',
      true,
      'Mac17,6',
      18,
      null,
      null,
      128,
      false,
    ],
    [
      'tirekick_SPHardwareDataType_github-runner-macos26-arm64-vm_apple-m1-virtual.json',
      'Apple M1 (Virtual)',
      true,
      'VirtualMac2,1',
      3,
      null,
      null,
      7,
      true,
    ],
    [
      'tirekick_SPHardwareDataType_intel-imac-pro-xeon-w.json',
      '8-Core Intel Xeon W',
      false,
      'iMacPro1,1',
      8,
      1,
      3200,
      32,
      false,
    ],
    [
      'tirekick_SPHardwareDataType_github-runner-macos15-intel-vm.json',
      null,
      false,
      'Macmini6,2',
      4,
      1,
      3190,
      14,
      false,
    ],
  ] as const)('%s', (file, chip, appleSilicon, model, cores, packages, clock, memory, virtual) => {
    expect(parseSpHardware(fixture(file))).toEqual({
      chip,
      isAppleSilicon: appleSilicon,
      machineModel: model,
      machineName: expect.any(String) as string,
      cores,
      packages,
      clockMHz: clock,
      memoryGiB: memory,
      isVirtual: virtual,
      notes: [],
    })
  })

  it.each([
    ['', 'system_profiler printed nothing'],
    ['system_profiler: command not found', 'not JSON'],
    ['{"SPHardwareDataType": []}', 'no SPHardwareDataType'],
  ])('gives a note for %j', (input, message) => {
    const result = parseSpHardware(input)
    expect(result.chip).toBeNull()
    expect(result.cores).toBeNull()
    expect(result.notes[0]?.message).toContain(message)
  })
})

describe('parseSpDisplays on recorded outputs', () => {
  it('reads an M1 Pro as one unified-memory Apple GPU with its core count', () => {
    const result = parseSpDisplays(
      fixture('tirekick_SPDisplaysDataType_apple-m1-pro_macbookpro_plus-2-dell.json'),
    )
    expect(result.gpus).toEqual([
      {
        vendor: 'apple',
        name: 'Apple M1 Pro (14-core GPU)',
        vramMiB: null,
        vramFreeMiB: null,
        driver: null,
        cudaVersion: null,
        rocmVersion: null,
        busId: null,
        pciId: null,
        pcie: null,
        attachment: 'unified',
        vgpuProfile: null,
        vgpuFramebufferMiB: null,
        source: 'system_profiler',
      },
    ])
    expect(result.notes).toHaveLength(1)
    expect(result.notes[0]?.message).toContain('unified memory')
    expect(result.notes[0]?.fix).toContain('iogpu.wired_limit_mb')
  })

  it('uses sppci_model, not the localisation key, on an M1', () => {
    const result = parseSpDisplays(fixture('torchserve_SPDisplaysDataType_apple-m1_macbook.json'))
    expect(result.gpus.map((g) => [g.name, g.attachment])).toEqual([
      ['Apple M1 (7-core GPU)', 'unified'],
    ])
  })

  it('leaves out the paravirtual GPU of a macOS VM, with a note', () => {
    const result = parseSpDisplays(
      fixture('tirekick_SPDisplaysDataType_github-runner-macos15-intel-vm_paravirt-gpu.json'),
    )
    expect(result.gpus).toEqual([])
    expect(result.notes.map((n) => n.message)).toEqual([
      'This Mac is a virtual machine with a paravirtual display adapter (Apple Paravirtualized Graphics Device): no GPU for AI',
    ])
  })

  // Written for this test (no recorded Intel-Mac listing with a discrete GPU under a usable
  // licence was found): the key names are those system_profiler uses for PCIe GPUs.
  it('reads discrete VRAM and counts an Intel iGPU as shared memory', () => {
    const result = parseSpDisplays(
      JSON.stringify({
        SPDisplaysDataType: [
          {
            _name: 'Intel UHD Graphics 630',
            sppci_model: 'Intel UHD Graphics 630',
            spdisplays_vendor: 'Intel',
            'spdisplays_vendor-id': '0x8086',
            'spdisplays_device-id': '0x3e9b',
            spdisplays_vram_shared: '1536 MB',
          },
          {
            _name: 'AMD Radeon Pro 5500M',
            sppci_model: 'AMD Radeon Pro 5500M',
            spdisplays_vendor: 'sppci_vendor_amd',
            'spdisplays_vendor-id': '0x1002',
            'spdisplays_device-id': '0x7340',
            spdisplays_vram: '8 GB',
          },
        ],
      }),
    )
    expect(result.gpus.map((g) => [g.vendor, g.vramMiB, g.attachment, g.pciId])).toEqual([
      ['intel', null, 'unified', '8086:3e9b'],
      ['amd', 8192, 'bare-metal', '1002:7340'],
    ])
    expect(result.notes).toEqual([])
  })

  it('never throws on truncated output', () => {
    const source = fixture('tirekick_SPDisplaysDataType_apple-m1-pro_macbookpro_plus-2-dell.json')
    for (let cut = 0; cut < source.length; cut += 11) {
      expect(() => parseSpDisplays(source.slice(0, cut))).not.toThrow()
      expect(() => parseSpHardware(source.slice(0, cut))).not.toThrow()
    }
  })
})
