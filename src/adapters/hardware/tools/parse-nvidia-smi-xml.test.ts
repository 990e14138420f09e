import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseNvidiaSmiXml } from './parse-nvidia-smi-xml.js'

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/nvidia-smi/${name}`, import.meta.url), 'utf8')

// One row per recorded file: facts read from the XML by eye, not from the parser.
interface Case {
  readonly file: string
  readonly count: number
  readonly driver: string
  readonly cuda: string | null
  readonly name: string
  readonly vram: number
  readonly free: number
  readonly busId: string
  readonly pciId: string | null
  readonly attachment: string
  /** PCIe generation current/max, width current/max. */
  readonly link: readonly [number, number, number, number] | null
}

const cases: readonly Case[] = [
  {
    file: 'openpai_6x-gtx-1070.xml',
    count: 2,
    driver: '384.66',
    cuda: null,
    name: 'GeForce GTX 1070',
    vram: 8112,
    free: 6084,
    busId: '0000:01:00.0',
    pciId: '10de:1b81',
    attachment: 'bare-metal',
    link: [3, 3, 1, 16],
  },
  {
    file: 'openpai_2x-rtx-2080ti.xml',
    count: 2,
    driver: '410.73',
    cuda: '10.0',
    name: 'GeForce RTX 2080 Ti',
    vram: 10989,
    free: 10989,
    busId: '0000:02:00.0',
    pciId: '10de:1e04',
    attachment: 'bare-metal',
    link: [1, 3, 16, 16],
  },
  {
    file: 'openpai_4x-tesla-k80-azure-passthrough.xml',
    count: 4,
    driver: '430.26',
    cuda: null,
    name: 'Tesla K80',
    vram: 11441,
    free: 10854,
    busId: '1580:00:00.0',
    pciId: '10de:102d',
    attachment: 'passthrough',
    link: [3, 3, 16, 16],
  },
  {
    file: 'telegraf_gtx-1660-ti.xml',
    count: 1,
    driver: '418.43',
    cuda: '10.1',
    name: 'Graphics Device',
    vram: 5912,
    free: 5912,
    busId: '0000:43:00.0',
    pciId: '10de:2184',
    attachment: 'bare-metal',
    link: [1, 3, 16, 16],
  },
  {
    file: 'telegraf_quadro-p400.xml',
    count: 1,
    driver: '418.43',
    cuda: '10.1',
    name: 'Quadro P400',
    vram: 1998,
    free: 1998,
    busId: '0000:43:00.0',
    pciId: '10de:1cb3',
    attachment: 'bare-metal',
    link: [1, 3, 16, 16],
  },
  {
    file: 'telegraf_gt-1030.xml',
    count: 1,
    driver: '470.74',
    cuda: '11.4',
    name: 'NVIDIA GeForce GT 1030',
    vram: 1998,
    free: 1123,
    busId: '0000:2d:00.0',
    pciId: '10de:1d01',
    attachment: 'bare-metal',
    link: [3, 3, 4, 4],
  },
  {
    file: 'telegraf_a10g.xml',
    count: 1,
    driver: '515.105.01',
    cuda: '11.7',
    name: 'NVIDIA A10G',
    vram: 23028,
    free: 22569,
    busId: '0000:00:1e.0',
    pciId: null,
    attachment: 'passthrough',
    link: [1, 4, 8, 16],
  },
  {
    file: 'telegraf_tesla-t4.xml',
    count: 1,
    driver: '515.105.01',
    cuda: '11.7',
    name: 'Tesla T4',
    vram: 15360,
    free: 13939,
    busId: '0000:00:1e.0',
    pciId: '10de:1eb8',
    attachment: 'passthrough',
    link: [3, 3, 8, 16],
  },
  {
    file: 'telegraf_tesla_p4_vgpu_guest.xml',
    count: 1,
    driver: '513.46',
    cuda: '11.6',
    name: 'GRID P4-1Q',
    vram: 1024,
    free: 106,
    busId: '0000:00:0b.0',
    pciId: '10de:1bb3',
    attachment: 'vgpu',
    link: null,
  },
  {
    file: 'telegraf_quadro-p2000-v12.xml',
    count: 1,
    driver: '525.125.06',
    cuda: '12.0',
    name: 'Quadro P2000',
    vram: 5120,
    free: 5051,
    busId: '0000:17:00.0',
    pciId: '10de:1c30',
    attachment: 'bare-metal',
    link: [1, 3, 8, 16],
  },
  {
    file: 'telegraf_rtx-3090-v12.xml',
    count: 1,
    driver: '525.147.05',
    cuda: '12.0',
    name: 'NVIDIA GeForce RTX 3090',
    vram: 24576,
    free: 24258,
    busId: '0000:00:10.0',
    pciId: null,
    attachment: 'passthrough',
    link: [1, 4, 16, 16],
  },
  {
    file: 'telegraf_a100-sxm4-v12.xml',
    count: 1,
    driver: '535.54.03',
    cuda: '12.2',
    name: 'NVIDIA A100-SXM4-80GB',
    vram: 81920,
    free: 80999,
    busId: '0000:01:00.0',
    pciId: '10de:20b2',
    attachment: 'bare-metal',
    link: [4, 4, 16, 16],
  },
  {
    file: 'telegraf_rtx-3080-v12.xml',
    count: 1,
    driver: '536.40',
    cuda: '12.2',
    name: 'NVIDIA GeForce RTX 3080',
    vram: 10240,
    free: 8938,
    busId: '0000:04:00.0',
    pciId: '10de:2216',
    attachment: 'passthrough',
    link: [4, 4, 16, 16],
  },
  {
    file: 'telegraf_rtx-3060-v12.xml',
    count: 1,
    driver: '570.124.04',
    cuda: '12.8',
    name: 'NVIDIA GeForce RTX 3060',
    vram: 12288,
    free: 11806,
    busId: '0000:2d:00.0',
    pciId: '10de:2487',
    attachment: 'bare-metal',
    link: [1, 4, 16, 16],
  },
  {
    file: 'telegraf_3090-v13.xml',
    count: 1,
    driver: '590.44.01',
    cuda: '13.1',
    name: 'NVIDIA GeForce RTX 3090',
    vram: 24576,
    free: 24120,
    busId: '0000:09:00.0',
    pciId: '10de:2204',
    attachment: 'bare-metal',
    link: [1, 4, 16, 16],
  },
  {
    file: 'telegraf_dual_2080-v13.xml',
    count: 2,
    driver: '590.44.01',
    cuda: '13.1',
    name: 'NVIDIA GeForce RTX 2080',
    vram: 8192,
    free: 7786,
    busId: '0000:01:00.0',
    pciId: '10de:1e87',
    attachment: 'bare-metal',
    link: [1, 3, 8, 16],
  },
  {
    file: 'telegraf_dual_a5000-v13.xml',
    count: 2,
    driver: '590.44.01',
    cuda: '13.1',
    name: 'NVIDIA RTX A5000',
    vram: 24564,
    free: 1678,
    busId: '0000:81:00.0',
    pciId: '10de:2231',
    attachment: 'bare-metal',
    link: [1, 4, 16, 16],
  },
  {
    file: 'telegraf_pro-6000-maxq-blackwell-v13.xml',
    count: 1,
    driver: '590.44.01',
    cuda: '13.1',
    name: 'NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition',
    vram: 97887,
    free: 31531,
    busId: '0000:61:00.0',
    pciId: '10de:2bb4',
    attachment: 'bare-metal',
    link: [1, 4, 16, 16],
  },
  {
    file: 'telegraf_rtx-3080-v13.xml',
    count: 1,
    driver: '595.58.03',
    cuda: '13.2',
    name: 'NVIDIA GeForce RTX 3080',
    vram: 10240,
    free: 660,
    busId: '0000:0c:00.0',
    pciId: '10de:2216',
    attachment: 'bare-metal',
    link: [4, 4, 16, 16],
  },
  {
    file: 'telegraf_rtx-4000-sff-ada-v13.xml',
    count: 1,
    driver: '595.84',
    cuda: '13.2',
    name: 'NVIDIA RTX 4000 SFF Ada Generation',
    vram: 20475,
    free: 16482,
    busId: '0000:06:00.0',
    pciId: '10de:27b0',
    attachment: 'bare-metal',
    link: [1, 4, 16, 16],
  },
]

describe('parseNvidiaSmiXml on recorded outputs', () => {
  it.each(cases)(
    '$file',
    ({ file, count, driver, cuda, name, vram, free, busId, pciId, attachment, link }) => {
      const report = parseNvidiaSmiXml(fixture(file))
      expect(report.gpus).toHaveLength(count)
      expect(report.driver).toBe(driver)
      expect(report.cudaVersion).toBe(cuda)
      const gpu = report.gpus[0]
      expect(gpu).toMatchObject({
        vendor: 'nvidia',
        name,
        vramMiB: vram,
        vramFreeMiB: free,
        busId,
        pciId,
        attachment,
        driver,
        cudaVersion: cuda,
        rocmVersion: null,
        source: 'nvidia-smi',
      })
      expect(gpu?.pcie).toEqual(
        link == null
          ? null
          : { genCurrent: link[0], genMax: link[1], widthCurrent: link[2], widthMax: link[3] },
      )
      for (const g of report.gpus) expect(g.vramMiB).toBeGreaterThan(0)
    },
  )

  it('reads every GPU of a multi-GPU box with its own bus address', () => {
    const report = parseNvidiaSmiXml(fixture('telegraf_dual_a5000-v13.xml'))
    expect(report.gpus.map((g) => g.busId)).toEqual(['0000:81:00.0', '0000:c1:00.0'])
    expect(report.notes).toEqual([])
  })

  it('keeps Hyper-V style PCI domains (Azure NC, 4x K80)', () => {
    const report = parseNvidiaSmiXml(fixture('openpai_4x-tesla-k80-azure-passthrough.xml'))
    expect(report.gpus.map((g) => g.busId)).toEqual([
      '1580:00:00.0',
      '2df7:00:00.0',
      '4968:00:00.0',
      'f8d6:00:00.0',
    ])
  })

  it('turns a vGPU guest into a vgpu attachment with profile and framebuffer', () => {
    const gpu = parseNvidiaSmiXml(fixture('telegraf_tesla_p4_vgpu_guest.xml')).gpus[0]
    expect(gpu).toMatchObject({
      attachment: 'vgpu',
      vgpuProfile: 'GRID P4-1Q',
      vgpuFramebufferMiB: 1024,
    })
  })

  it('notes MIG and a GPU count that does not match attached_gpus', () => {
    const report = parseNvidiaSmiXml(fixture('telegraf_a100-sxm4-v12.xml'))
    expect(report.gpus[0]?.vgpuProfile).toBeNull()
    expect(report.notes.map((n) => n.message)).toEqual([
      'NVIDIA A100-SXM4-80GB has MIG enabled with 4 instance(s); one model process sees one slice (largest 19968 MiB)',
      'nvidia-smi reports 4 GPUs attached but describes only 1',
    ])
  })
})

// Inputs written for these tests (not recorded): the odd things nvidia-smi and broken setups print.
const minimalLog = (gpuBody: string) =>
  `<?xml version="1.0" ?>\n<nvidia_smi_log><driver_version>550.54.14</driver_version>` +
  `<cuda_version>12.4</cuda_version><attached_gpus>1</attached_gpus>` +
  `<gpu id="00000000:13:00.0">${gpuBody}</gpu></nvidia_smi_log>`

describe('parseNvidiaSmiXml on bad input', () => {
  it.each([
    ['empty output', '', 'nvidia-smi printed nothing'],
    [
      'plain text',
      'NVIDIA-SMI has failed because it could not talk to the driver',
      'not valid XML',
    ],
    [
      'an HTML error page',
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      'root element <html>',
    ],
    ['truncated XML', fixture('telegraf_3090-v13.xml').slice(0, 2000), 'cut short'],
  ])('%s gives a note and no GPU', (_label, input, message) => {
    const report = parseNvidiaSmiXml(input)
    expect(report.gpus).toEqual([])
    expect(report.notes).toHaveLength(1)
    expect(report.notes[0]?.message).toContain(message)
    expect(report.notes[0]?.area).toBe('gpu')
  })

  it('reads N/A and [Insufficient Permissions] as unknown, with a note', () => {
    const report = parseNvidiaSmiXml(
      minimalLog(
        '<product_name>NVIDIA GeForce RTX 4090</product_name>' +
          '<pci><pci_device_id>N/A</pci_device_id><pci_bus_id>N/A</pci_bus_id></pci>' +
          '<fb_memory_usage><total>[Insufficient Permissions]</total><free>N/A</free></fb_memory_usage>',
      ),
    )
    expect(report.gpus[0]).toMatchObject({
      name: 'NVIDIA GeForce RTX 4090',
      vramMiB: null,
      vramFreeMiB: null,
      busId: '0000:13:00.0',
      pciId: null,
      pcie: null,
      attachment: 'unknown',
    })
    expect(report.notes).toHaveLength(1)
    expect(report.notes[0]?.message).toContain('[Insufficient Permissions]')
    expect(report.notes[0]?.fix).toContain('video')
  })

  it('notes an XML report with no GPU in it', () => {
    const report = parseNvidiaSmiXml(
      '<nvidia_smi_log><driver_version>550.54.14</driver_version><attached_gpus>0</attached_gpus></nvidia_smi_log>',
    )
    expect(report.gpus).toEqual([])
    expect(report.driver).toBe('550.54.14')
    expect(report.notes[0]?.message).toBe('nvidia-smi answered but listed no GPU')
  })

  it('notes an unlicensed vGPU', () => {
    const report = parseNvidiaSmiXml(
      minimalLog(
        '<product_name>GRID T4-8Q</product_name><fb_memory_usage><total>8192 MiB</total></fb_memory_usage>' +
          '<gpu_virtualization_mode><virtualization_mode>VGPU</virtualization_mode></gpu_virtualization_mode>' +
          '<vgpu_software_licensed_product><license_status>Unlicensed (Restricted)</license_status></vgpu_software_licensed_product>',
      ),
    )
    expect(report.gpus[0]).toMatchObject({ attachment: 'vgpu', vgpuFramebufferMiB: 8192 })
    expect(report.notes[0]?.message).toContain('unlicensed')
  })
})

describe('parseNvidiaSmiXml fuzzing', () => {
  // A small seeded generator keeps the test repeatable.
  function random(seed: number): () => number {
    let state = seed >>> 0
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0
      return state / 2 ** 32
    }
  }
  const source = fixture('telegraf_tesla_p4_vgpu_guest.xml')

  it('never throws on truncated prefixes', () => {
    for (let cut = 0; cut < source.length; cut += 37) {
      const report = parseNvidiaSmiXml(source.slice(0, cut))
      expect(Array.isArray(report.gpus)).toBe(true)
    }
  })

  it('never throws on random mutations', () => {
    const next = random(20_241_129)
    const alphabet = '<>/&;"=! \n\tabcxyz0123456789[]?-'
    for (let round = 0; round < 300; round++) {
      const chars = source.split('')
      const edits = 1 + Math.floor(next() * 20)
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * chars.length)
        const kind = next()
        if (kind < 0.4) chars[at] = alphabet[Math.floor(next() * alphabet.length)] ?? ''
        else if (kind < 0.7) chars.splice(at, Math.floor(next() * 40))
        else chars.splice(at, 0, alphabet[Math.floor(next() * alphabet.length)] ?? '')
      }
      const report = parseNvidiaSmiXml(chars.join(''))
      expect(report.gpus.length + report.notes.length).toBeGreaterThanOrEqual(0)
      for (const gpu of report.gpus) expect(typeof gpu.name).toBe('string')
    }
  })
})
