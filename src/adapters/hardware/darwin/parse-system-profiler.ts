import type { Gpu, GpuVendor, ProbeNote } from '../../../core/hardware.js'
import { parseHex, pciIdOf } from '../tools/pci-address.js'
import {
  asList,
  asNumber,
  asRecord,
  asText,
  field,
  firstLine,
  parseJson,
} from '../tools/read-unknown.js'

/** The facts `system_profiler -json SPHardwareDataType` gives that the probe uses. */
export interface SpHardware {
  /** `Apple M1 Pro` on Apple Silicon, `8-Core Intel Xeon W` on Intel; null when hidden (`Unknown`). */
  readonly chip: string | null
  readonly isAppleSilicon: boolean | null
  /** `MacBookPro18,3`, `VirtualMac2,1`, `iMacPro1,1`. */
  readonly machineModel: string | null
  readonly machineName: string | null
  /** Total cores; `number_processors` is an integer on most Macs, `proc 18:6:0:12` on newer ones. */
  readonly cores: number | null
  readonly packages: number | null
  readonly clockMHz: number | null
  readonly memoryGiB: number | null
  /** A macOS virtual machine (GitHub runners, UTM, Parallels on Apple Silicon). */
  readonly isVirtual: boolean
  readonly notes: ProbeNote[]
}

const SOURCE = 'system_profiler'

/** Reads `system_profiler -json SPHardwareDataType` (or a combined call); never throws. */
export function parseSpHardware(json: string): SpHardware {
  const notes: ProbeNote[] = []
  const item = firstItem(json, 'SPHardwareDataType', notes)
  const chip = asText(field(item, 'chip_type'))
  const cpuType = asText(field(item, 'cpu_type'))
  const machineModel = asText(field(item, 'machine_model'))
  const isVirtual =
    (machineModel?.startsWith('VirtualMac') ?? false) || (chip?.includes('(Virtual)') ?? false)
  return {
    chip: chip ?? (cpuType == null || cpuType === 'Unknown' ? null : cpuType),
    isAppleSilicon: chip != null ? chip.startsWith('Apple') : cpuType != null ? false : null,
    machineModel,
    machineName: asText(field(item, 'machine_name')),
    cores: coreCount(field(item, 'number_processors')),
    packages: asNumber(field(item, 'packages')),
    clockMHz: megahertz(asText(field(item, 'current_processor_speed'))),
    memoryGiB: gibibytes(asText(field(item, 'physical_memory'))),
    isVirtual,
    notes,
  }
}

/**
 * Reads `system_profiler -json SPDisplaysDataType`: Apple Silicon GPUs as `unified` (no own VRAM),
 * Intel-Mac GPUs with their VRAM. Paravirtual display adapters of VMs are left out with a note.
 */
export function parseSpDisplays(json: string): { gpus: Gpu[]; notes: ProbeNote[] } {
  const notes: ProbeNote[] = []
  const doc = parseDocument(json, notes)
  const gpus: Gpu[] = []
  for (const item of asList(field(doc, 'SPDisplaysDataType'))) {
    const model = asText(field(item, 'sppci_model')) ?? asText(field(item, '_name'))
    if (model == null) continue
    if (/paravirtual/i.test(model)) {
      notes.push({
        area: 'gpu',
        message: `This Mac is a virtual machine with a paravirtual display adapter (${model}): no GPU for AI`,
        fix: 'Run the probe on the physical Mac to see its GPU.',
      })
      continue
    }
    gpus.push(displayGpu(item, model, notes))
  }
  return { gpus, notes }
}

function displayGpu(item: unknown, model: string, notes: ProbeNote[]): Gpu {
  const vendor = vendorOf(asText(field(item, 'spdisplays_vendor')), model)
  const cores = asNumber(field(item, 'sppci_cores'))
  const dedicatedMiB = mebibytes(asText(field(item, 'spdisplays_vram')))
  // Apple Silicon and Intel iGPUs have no memory of their own; spdisplays_vram_shared is a carve-out.
  const unified =
    vendor === 'apple' || (dedicatedMiB == null && field(item, 'spdisplays_vram_shared') != null)
  const name = vendor === 'apple' && cores != null ? `${model} (${cores}-core GPU)` : model
  if (unified && vendor === 'apple') {
    notes.push({
      area: 'gpu',
      message:
        `${name} uses unified memory: models share the Mac's RAM with the system, and macOS lets ` +
        'the GPU use only part of it (about two thirds to three quarters by default)',
      fix: 'To give the GPU more, raise the limit until reboot: `sudo sysctl iogpu.wired_limit_mb=<MiB>`.',
    })
  }
  const vendorId = parseHex(asText(field(item, 'spdisplays_vendor-id')))
  const deviceId = parseHex(asText(field(item, 'spdisplays_device-id')))
  return {
    vendor,
    name,
    vramMiB: unified ? null : dedicatedMiB,
    vramFreeMiB: null,
    driver: null,
    cudaVersion: null,
    rocmVersion: null,
    busId: null,
    pciId: pciIdOf(vendorId, deviceId),
    pcie: null,
    attachment: unified ? 'unified' : 'bare-metal',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    source: SOURCE,
  }
}

/** `sppci_vendor_Apple`, `sppci_vendor_amd`, `Intel`, `NVIDIA (0x10de)` → our vendor. */
function vendorOf(raw: string | null, model: string): GpuVendor {
  const text = `${raw ?? ''} ${model}`.toLowerCase()
  if (/apple/.test(text)) return 'apple'
  if (/\bamd\b|ati|radeon|0x1002/.test(text)) return 'amd'
  if (/nvidia|geforce|quadro|0x10de/.test(text)) return 'nvidia'
  if (/intel|0x8086/.test(text)) return 'intel'
  return 'other'
}

function parseDocument(json: string, notes: ProbeNote[]): unknown {
  const parsed = parseJson(json)
  if (parsed.ok) return parsed.value
  notes.push({
    area: 'gpu',
    message:
      json.trim() === ''
        ? 'system_profiler printed nothing'
        : `system_profiler output is not JSON: ${firstLine(json, 80)}`,
    fix: 'Run `system_profiler -json SPHardwareDataType SPDisplaysDataType` by hand to see what it prints.',
  })
  return null
}

function firstItem(json: string, dataType: string, notes: ProbeNote[]): unknown {
  const doc = parseDocument(json, notes)
  const item = asList(field(doc, dataType))[0]
  if (asRecord(doc) != null && item == null) {
    notes.push({
      area: 'cpu',
      message: `system_profiler returned no ${dataType}`,
      fix: `Run \`system_profiler ${dataType}\` by hand to see what it prints.`,
    })
  }
  return item
}

/** `8`, `3` or `proc 18:6:0:12` (total first) → the total. */
function coreCount(value: unknown): number | null {
  const direct = asNumber(value)
  if (direct != null) return direct
  const match = /^proc (\d+)(:\d+)*$/.exec(asText(value) ?? '')
  return match?.[1] == null ? null : Number(match[1])
}

/** `128 GB` → 128 (system_profiler's GB are GiB: a 16 GB Mac has 17179869184 bytes). */
function gibibytes(text: string | null): number | null {
  const match = text == null ? null : /^(\d+(?:\.\d+)?)\s*(GB|TB|MB)$/i.exec(text)
  if (match?.[1] == null || match[2] == null) return null
  const scale = { gb: 1, tb: 1024, mb: 1 / 1024 }[match[2].toLowerCase() as 'gb' | 'tb' | 'mb']
  return Number(match[1]) * scale
}

function mebibytes(text: string | null): number | null {
  const gib = gibibytes(text)
  return gib == null ? null : Math.round(gib * 1024)
}

/** `3.2 GHz` → 3200, `800 MHz` → 800. */
function megahertz(text: string | null): number | null {
  const match = text == null ? null : /^(\d+(?:\.\d+)?)\s*(GHz|MHz)$/i.exec(text)
  if (match?.[1] == null || match[2] == null) return null
  return Math.round(Number(match[1]) * (match[2].toLowerCase() === 'ghz' ? 1000 : 1))
}
