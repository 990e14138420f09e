import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Gpu, GpuAttachment, PcieLink, ProbeNote } from '../../../core/hardware.js'
import { normalizeBusId, parseHex, pciIdOf } from './pci-address.js'
import { asList, asRecord, asText, firstLine, path } from './read-unknown.js'

/** What `nvidia-smi -q -x` says about the machine. */
export interface NvidiaSmiReport {
  readonly gpus: Gpu[]
  readonly driver: string | null
  readonly cudaVersion: string | null
  readonly notes: ProbeNote[]
}

const NVIDIA_VENDOR_ID = 0x10de

const FIX_RUN_BY_HAND = 'Run `nvidia-smi -q -x` by hand to see what it prints.'

// Tag values stay strings: "0000" bus numbers and "11.6" versions must not become numbers.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
})

/**
 * Parses `nvidia-smi -q -x` output of every DTD generation seen in the wild (none/v9 to v13).
 * Never throws: unreadable input gives no GPUs and a note that says why.
 */
export function parseNvidiaSmiXml(xml: string): NvidiaSmiReport {
  const notes: ProbeNote[] = []
  const empty = (message: string): NvidiaSmiReport => ({
    gpus: [],
    driver: null,
    cudaVersion: null,
    notes: [...notes, { area: 'gpu', message, fix: FIX_RUN_BY_HAND }],
  })
  if (xml.trim() === '') return empty('nvidia-smi printed nothing')
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    const { msg, line } = valid.err
    return empty(
      `nvidia-smi output is not valid XML (${msg} at line ${line}): it may have been cut short`,
    )
  }
  let doc: unknown
  try {
    doc = parser.parse(xml)
  } catch (error) {
    // The validator passed, so this is a parser limit; report it like invalid XML.
    return empty(`nvidia-smi output could not be read as XML (${String(error)})`)
  }
  const log = asRecord(path(doc, 'nvidia_smi_log'))
  if (log == null) {
    const root = Object.keys(asRecord(doc) ?? {}).find((k) => !k.startsWith('?'))
    return empty(
      `nvidia-smi output is not its XML report (root element ${root == null ? 'missing' : `<${root}>`}): ${firstLine(xml, 80)}`,
    )
  }
  const driver = cleanValue(log.driver_version)
  // "Not Found" is what drivers without a CUDA runtime print; v9 has no element at all.
  const cudaVersion = cleanValue(log.cuda_version)
  const gpuNodes = asList(log.gpu)
  const gpus = gpuNodes.map((node) => readGpu(node, driver, cudaVersion, notes))
  const attached = Number(cleanValue(log.attached_gpus))
  if (gpus.length === 0) {
    notes.push({
      area: 'gpu',
      message: 'nvidia-smi answered but listed no GPU',
      fix: 'Check that the card is seated and that the driver sees it (`nvidia-smi -L`).',
    })
  } else if (Number.isInteger(attached) && attached > gpus.length) {
    notes.push({
      area: 'gpu',
      message: `nvidia-smi reports ${attached} GPUs attached but describes only ${gpus.length}`,
      fix: 'A GPU that nvidia-smi cannot read often needs a reboot or a driver reinstall; run `nvidia-smi -q` to see which one.',
    })
  }
  return { gpus, driver, cudaVersion, notes }
}

function readGpu(
  node: unknown,
  driver: string | null,
  cudaVersion: string | null,
  notes: ProbeNote[],
): Gpu {
  const name = cleanValue(path(node, 'product_name')) ?? 'NVIDIA GPU (name not reported)'
  const vramText = asText(path(node, 'fb_memory_usage', 'total'))
  const vramMiB = mebibytes(vramText)
  if (vramMiB == null) {
    notes.push({
      area: 'gpu',
      message: `nvidia-smi did not report the memory size of ${name} (it printed ${JSON.stringify(vramText ?? '')})`,
      fix:
        vramText?.includes('Permission') === true
          ? 'Run the probe as a user who may read the GPU (root, or a member of the `video` group).'
          : FIX_RUN_BY_HAND,
    })
  }
  const attachment = attachmentOf(
    cleanValue(path(node, 'gpu_virtualization_mode', 'virtualization_mode')),
  )
  const busId =
    normalizeBusId(cleanValue(path(node, 'pci', 'pci_bus_id'))) ??
    normalizeBusId(cleanValue(path(node, '@_id')))
  const mig = cleanValue(path(node, 'mig_mode', 'current_mig'))
  if (mig === 'Enabled') notes.push(migNote(name, node))
  if (attachment === 'vgpu') {
    const license = cleanValue(path(node, 'vgpu_software_licensed_product', 'license_status'))
    if (license?.startsWith('Unlicensed') === true)
      notes.push({
        area: 'gpu',
        message: `vGPU ${name} is unlicensed (${license}): NVIDIA slows unlicensed vGPUs down after a grace period`,
        fix: 'Point the guest at your NVIDIA License System (client configuration token) and restart nvidia-gridd.',
      })
  }
  return {
    vendor: 'nvidia',
    name,
    vramMiB,
    vramFreeMiB: mebibytes(asText(path(node, 'fb_memory_usage', 'free'))),
    driver,
    cudaVersion,
    rocmVersion: null,
    busId,
    pciId: pciIdFromNvidia(cleanValue(path(node, 'pci', 'pci_device_id'))),
    pcie: pcieOf(path(node, 'pci', 'pci_gpu_link_info')),
    attachment,
    // A vGPU guest sees the profile as its product name (`GRID P4-1Q`) and the slice as its framebuffer.
    vgpuProfile: attachment === 'vgpu' ? name : null,
    vgpuFramebufferMiB: attachment === 'vgpu' ? vramMiB : null,
    source: 'nvidia-smi',
  }
}

function migNote(name: string, node: unknown): ProbeNote {
  const slices = asList(path(node, 'mig_devices', 'mig_device'))
    .map((d) => mebibytes(asText(path(d, 'fb_memory_usage', 'total'))))
    .filter((m): m is number => m != null)
  const largest = slices.length > 0 ? Math.max(...slices) : null
  return {
    area: 'gpu',
    message:
      `${name} has MIG enabled with ${slices.length} instance(s)` +
      (largest == null ? '' : `; one model process sees one slice (largest ${largest} MiB)`),
    fix: 'To give one model the whole card, disable MIG: `sudo nvidia-smi -i <index> -mig 0` (then reset the GPU).',
  }
}

/** NVML's virtualization modes as nvidia-smi prints them. */
function attachmentOf(mode: string | null): GpuAttachment {
  switch (mode) {
    case 'None':
      return 'bare-metal'
    case 'Pass-Through':
      return 'passthrough'
    case 'VGPU':
      return 'vgpu'
    // A hypervisor host running the vGPU manager owns the physical card.
    case 'Host VGPU':
    case 'Host VSGA':
      return 'bare-metal'
    // Missing (old drivers) or a value this code does not know yet.
    case null:
    default:
      return 'unknown'
  }
}

function pcieOf(linkInfo: unknown): PcieLink | null {
  const link: PcieLink = {
    genCurrent: integer(path(linkInfo, 'pcie_gen', 'current_link_gen')),
    genMax: integer(path(linkInfo, 'pcie_gen', 'max_link_gen')),
    widthCurrent: integer(path(linkInfo, 'link_widths', 'current_link_width')),
    widthMax: integer(path(linkInfo, 'link_widths', 'max_link_width')),
  }
  return Object.values(link).every((v) => v == null) ? null : link
}

/** `220410DE` is device 0x2204 of vendor 0x10de; anything else (masked, zeroed) is unreliable. */
function pciIdFromNvidia(raw: string | null): string | null {
  const value = parseHex(raw)
  if (value == null || (value & 0xffff) !== NVIDIA_VENDOR_ID) return null
  return pciIdOf(value & 0xffff, value >>> 16)
}

/** `24576 MiB` → 24576; null for N/A and other placeholders. */
function mebibytes(text: string | null): number | null {
  const match = text == null ? null : /^(\d+)\s*MiB$/i.exec(text)
  return match?.[1] == null ? null : Number(match[1])
}

/** `16x` or `4` → the integer; null for placeholders. */
function integer(value: unknown): number | null {
  const match = /^(\d+)x?$/.exec(asText(value) ?? '')
  return match?.[1] == null ? null : Number(match[1])
}

/** Text with nvidia-smi's placeholders (`N/A`, `[Not Supported]`, `Not Found`...) as null. */
function cleanValue(value: unknown): string | null {
  const text = asText(value)
  if (text == null) return null
  return /^\[.*\]$/.test(text) || /^(N\/A|Not Found|Unknown Error)$/i.test(text) ? null : text
}
