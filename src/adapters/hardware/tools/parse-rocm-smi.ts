import type { Gpu, ProbeNote } from '../../../core/hardware.js'
import { normalizeBusId, parseHex, pciIdOf } from './pci-address.js'
import { asRecord, asText, firstLine, parseJson } from './read-unknown.js'

/** What `rocm-smi ... --json` says about the machine. */
export interface RocmSmiReport {
  readonly gpus: Gpu[]
  readonly driver: string | null
  readonly rocmVersion: string | null
  readonly notes: ProbeNote[]
}

const AMD_VENDOR_ID = 0x1002
const BYTES_PER_MIB = 1024 * 1024
const FIX_RUN_BY_HAND =
  'Run `rocm-smi --showproductname --showmeminfo vram --json` by hand to see what it prints.'

/**
 * Parses `rocm-smi --json` from ROCm 4.3 to 6.1 and the older 2020 layout: key names changed
 * case (`Card series` → `Card Series`, `vram` → `VRAM`) and IDs moved (`GPU ID` → `Device ID`),
 * so keys are matched without case. Never throws: bad input gives a note.
 */
export function parseRocmSmiJson(json: string): RocmSmiReport {
  const notes: ProbeNote[] = []
  const doc = readDocument(json)
  if (typeof doc === 'string') {
    return {
      gpus: [],
      driver: null,
      rocmVersion: null,
      notes: [{ area: 'gpu', message: doc, fix: FIX_RUN_BY_HAND }],
    }
  }
  const system = lowerKeys(doc.system)
  const driver = cleanValue(system.get('driver version'))
  // None of the recorded layouts prints it, but ROCm tools that do call it this.
  const rocmVersion = cleanValue(system.get('rocm version'))
  const cards = Object.entries(doc)
    .filter(([key]) => /^card\d+$/i.test(key))
    .sort(([a], [b]) => Number(a.slice(4)) - Number(b.slice(4)))
  const gpus = cards.map(([key, value]) => readCard(key, lowerKeys(value), driver, rocmVersion))
  if (cards.length === 0) {
    notes.push({
      area: 'gpu',
      message: 'rocm-smi answered but listed no GPU',
      fix: FIX_RUN_BY_HAND,
    })
  }
  const noVram = gpus.filter((g) => g.vramMiB == null).map((g) => g.name)
  if (noVram.length > 0) {
    notes.push({
      area: 'gpu',
      message: `rocm-smi did not report the VRAM of ${[...new Set(noVram)].join(', ')}`,
      fix: FIX_RUN_BY_HAND,
    })
  }
  // Not "N/A (Secondary die)": a single RX 6700 XT prints that too (ROCm 6.0.2).
  if (gpus.some((g) => g.name.includes('(MCM)'))) {
    notes.push({
      area: 'gpu',
      message:
        'A multi-die AMD Instinct card shows up as one GPU per die (GCD); each die has its own VRAM, ' +
        'so a model must be split across them to use the whole card',
      fix: null,
    })
  }
  return { gpus, driver, rocmVersion, notes }
}

/** The parsed top-level object, or a message saying why there is none. */
function readDocument(json: string): Record<string, unknown> | string {
  if (json.trim() === '') return 'rocm-smi printed nothing'
  let parsed = parseJson(json)
  if (!parsed.ok) {
    // rocm-smi prints warnings ("WARNING: ... low-power state") on stdout before the JSON.
    const start = json.indexOf('{')
    const end = json.lastIndexOf('}')
    if (start >= 0 && end > start) parsed = parseJson(json.slice(start, end + 1))
  }
  if (!parsed.ok) return `rocm-smi output is not JSON: ${firstLine(json, 80)}`
  return asRecord(parsed.value) ?? 'rocm-smi output is JSON but not an object of cards'
}

function readCard(
  key: string,
  card: Map<string, unknown>,
  driver: string | null,
  rocmVersion: string | null,
): Gpu {
  const device = parseHex(cleanValue(card.get('device id') ?? card.get('gpu id')))
  const pciId = pciIdOf(AMD_VENDOR_ID, device)
  const totalBytes = bytes(card.get('vram total memory (b)'))
  const usedBytes = bytes(card.get('vram total used memory (b)'))
  const vramMiB = totalBytes == null ? null : Math.round(totalBytes / BYTES_PER_MIB)
  return {
    vendor: 'amd',
    name: nameOf(card) ?? `AMD GPU ${pciId ?? key}`,
    vramMiB,
    vramFreeMiB:
      totalBytes == null || usedBytes == null
        ? null
        : Math.round((totalBytes - usedBytes) / BYTES_PER_MIB),
    driver,
    cudaVersion: null,
    rocmVersion,
    busId: normalizeBusId(cleanValue(card.get('pci bus'))),
    pciId,
    pcie: null,
    // rocm-smi cannot tell passthrough from bare metal; the sysfs/DMI probe decides that.
    attachment: 'unknown',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    source: 'rocm-smi',
  }
}

/** ROCm 4.3 prints raw IDs (`0x1002`) in the name fields; those are not names. */
function nameOf(card: Map<string, unknown>): string | null {
  for (const key of ['device name', 'card series', 'card model']) {
    const value = cleanValue(card.get(key))
    if (value != null && parseHex(value) == null) return value
  }
  return null
}

/** An object's entries with lower-case keys; empty for anything that is not an object. */
function lowerKeys(value: unknown): Map<string, unknown> {
  return new Map(Object.entries(asRecord(value) ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
}

function bytes(value: unknown): number | null {
  const text = cleanValue(value)
  return text != null && /^\d+$/.test(text) ? Number(text) : null
}

/** Text without rocm-smi's placeholders (`N/A`, `N/A (Secondary die)`, `unknown`). */
function cleanValue(value: unknown): string | null {
  const text = asText(value)
  return text == null || /^(N\/A\b|unknown$)/i.test(text) ? null : text
}
