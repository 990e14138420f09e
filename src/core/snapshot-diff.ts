import type {
  Accelerator,
  Gpu,
  HardwareProfile,
  RuntimeStatus,
  Runtimes,
  StorageMount,
} from './hardware.js'

/** One difference between two hardware snapshots, ready to print as "label: before → after". */
export interface ProfileChange {
  readonly area:
    'cpu' | 'memory' | 'gpu' | 'accelerator' | 'storage' | 'virtualization' | 'os' | 'runtime'
  readonly kind: 'added' | 'removed' | 'changed'
  readonly label: string
  readonly before: string | null
  readonly after: string | null
}

type Area = ProfileChange['area']

/** RAM totals move by a few MiB between kernels (reserved memory); a real change is a DIMM or a VM setting. */
const MEMORY_TOTAL_TOLERANCE_GIB = 0.5
/** Disk sizes and free space below this are noise (logs, caches); above it, a model download or a resize. */
const DISK_TOLERANCE_GIB = 1

const RUNTIME_LABELS: Record<keyof Runtimes, string> = {
  nvidiaSmi: 'nvidia-smi',
  rocmSmi: 'rocm-smi',
  ollama: 'Ollama',
  docker: 'Docker',
}

/**
 * What changed on the machine between two snapshots, in area order.
 * Values that move on their own (free VRAM, available RAM, clocks, PCIe link speed at idle,
 * Ollama's model count, small free-disk changes) are ignored, so two probes of an unchanged
 * machine give an empty list. A field one probe could not read (null) is not a change,
 * except drivers and versions, where null means "not installed".
 */
export function diffProfiles(older: HardwareProfile, newer: HardwareProfile): ProfileChange[] {
  const changes: ProfileChange[] = []
  const changed = (area: Area, label: string, before: string | null, after: string | null) => {
    if (before !== after)
      changes.push({
        area,
        kind: before == null ? 'added' : after == null ? 'removed' : 'changed',
        label,
        before,
        after,
      })
  }
  // For facts that only some probes can read (root-only DMI, VM guests): null on one side is no change.
  const known = (area: Area, label: string, before: string | null, after: string | null) => {
    if (before != null && after != null) changed(area, label, before, after)
  }

  const [oc, nc] = [older.cpu, newer.cpu]
  changed('cpu', 'CPU model', oc.model, nc.model)
  changed('cpu', 'CPU architecture', oc.arch, nc.arch)
  changed('cpu', 'CPU cores', String(oc.cores), String(nc.cores))
  changed('cpu', 'CPU threads', String(oc.threads), String(nc.threads))
  known('cpu', 'CPU sockets', str(oc.sockets), str(nc.sockets))
  for (const feature of nc.simd)
    if (!oc.simd.includes(feature)) changed('cpu', `CPU feature ${feature}`, null, feature)
  for (const feature of oc.simd)
    if (!nc.simd.includes(feature)) changed('cpu', `CPU feature ${feature}`, feature, null)

  const [om, nm] = [older.memory, newer.memory]
  if (Math.abs(om.totalGiB - nm.totalGiB) >= MEMORY_TOTAL_TOLERANCE_GIB)
    changed('memory', 'RAM total', gib(om.totalGiB), gib(nm.totalGiB))
  known('memory', 'RAM type', om.type, nm.type)
  known('memory', 'RAM speed', mts(om.speedMTs), mts(nm.speedMTs))
  known('memory', 'RAM channels', str(om.channels), str(nm.channels))

  diffGpus(older.gpus, newer.gpus, changed, known)
  diffAccelerators(older.accelerators, newer.accelerators, changed)
  diffStorage(older.storage, newer.storage, changed)

  const [ov, nv] = [older.virtualization, newer.virtualization]
  changed(
    'virtualization',
    'Virtualization',
    describeVirt(ov.kind, ov.role),
    describeVirt(nv.kind, nv.role),
  )
  changed('virtualization', 'Hypervisor under the container', ov.vmKind, nv.vmKind)
  changed('virtualization', 'Container', ov.containerKind, nv.containerKind)
  known('virtualization', 'CPU hypervisor flag', yesNo(ov.hypervisorFlag), yesNo(nv.hypervisorFlag))
  known('virtualization', 'open-vm-tools', installed(ov.openVmTools), installed(nv.openVmTools))

  changed('os', 'Platform', older.os.platform, newer.os.platform)
  changed('os', 'OS', older.os.name, newer.os.name)
  changed('os', 'Kernel', older.os.kernel, newer.os.kernel)
  changed('os', 'Hostname', older.os.hostname, newer.os.hostname)

  for (const key of Object.keys(RUNTIME_LABELS) as (keyof Runtimes)[])
    changed(
      'runtime',
      RUNTIME_LABELS[key],
      runtime(older.runtimes[key]),
      runtime(newer.runtimes[key]),
    )

  return changes
}

// The two recorders diffProfiles hands to the list helpers.
type RecordChange = (area: Area, label: string, before: string | null, after: string | null) => void

/**
 * Pairs GPUs by PCI address first; what is left pairs by name in order, which covers probes
 * without bus ids and a card moved to another slot. Unpaired cards were added or removed.
 */
function diffGpus(
  older: readonly Gpu[],
  newer: readonly Gpu[],
  changed: RecordChange,
  known: RecordChange,
): void {
  const pairs = pairUp(older, newer, [(gpu) => gpu.busId, (gpu) => gpu.name])
  for (const [before, after] of pairs) {
    if (before == null && after != null) changed('gpu', gpuLabel(after), null, describeGpu(after))
    else if (before != null && after == null)
      changed('gpu', gpuLabel(before), describeGpu(before), null)
    else if (before != null && after != null) {
      const label = gpuLabel(after)
      // Only a pair matched by PCI address can differ in name: a card swapped in the same slot.
      changed('gpu', `GPU at ${after.busId ?? '?'}`, before.name, after.name)
      known('gpu', `${label} VRAM`, mib(before.vramMiB), mib(after.vramMiB))
      changed('gpu', `${label} driver`, before.driver, after.driver)
      changed('gpu', `${label} CUDA`, before.cudaVersion, after.cudaVersion)
      changed('gpu', `${label} ROCm`, before.rocmVersion, after.rocmVersion)
      changed('gpu', `${label} attachment`, before.attachment, after.attachment)
      changed('gpu', `${label} vGPU profile`, before.vgpuProfile, after.vgpuProfile)
      known('gpu', `${label} PCIe slot`, pcieMax(before), pcieMax(after))
    }
  }
}

/**
 * Pairs accelerators by kind in order: a Coral USB changes its USB id once its firmware loads,
 * so the id cannot tell two Corals apart across probes. The firmware state is ignored for the same reason.
 */
function diffAccelerators(
  older: readonly Accelerator[],
  newer: readonly Accelerator[],
  changed: RecordChange,
): void {
  for (const [before, after] of pairUp(older, newer, [(acc) => acc.kind])) {
    if (before == null && after != null)
      changed('accelerator', after.name, null, describeAccelerator(after))
    else if (before != null && after == null)
      changed('accelerator', before.name, describeAccelerator(before), null)
    else if (before != null && after != null) {
      changed('accelerator', `${after.name} driver`, before.driver, after.driver)
      changed(
        'accelerator',
        `${after.name} USB link`,
        usb(before.usbSpeedMbps),
        usb(after.usbSpeedMbps),
      )
    }
  }
}

/** Pairs file systems by mount point. */
function diffStorage(
  older: readonly StorageMount[],
  newer: readonly StorageMount[],
  changed: RecordChange,
): void {
  for (const [before, after] of pairUp(older, newer, [(m) => m.mount])) {
    if (before == null && after != null)
      changed('storage', `Mount ${after.mount}`, null, describeMount(after))
    else if (before != null && after == null)
      changed('storage', `Mount ${before.mount}`, describeMount(before), null)
    else if (before != null && after != null) {
      const label = `Mount ${after.mount}`
      changed('storage', `${label} file system`, before.fsType, after.fsType)
      changed('storage', `${label} disk kind`, before.kind, after.kind)
      if (Math.abs(before.sizeGiB - after.sizeGiB) >= DISK_TOLERANCE_GIB)
        changed('storage', `${label} size`, gib(before.sizeGiB), gib(after.sizeGiB))
      if (Math.abs(before.freeGiB - after.freeGiB) >= DISK_TOLERANCE_GIB)
        changed('storage', `${label} free space`, gib(before.freeGiB), gib(after.freeGiB))
    }
  }
}

/**
 * Pairs items of two lists, trying each key in turn on what is still unpaired; a null key never
 * pairs. Returns pairs in the newer list's order, then the removed items.
 */
function pairUp<T>(
  older: readonly T[],
  newer: readonly T[],
  keys: readonly ((item: T) => string | null)[],
): [T | null, T | null][] {
  const partnerOf = new Map<number, number>()
  const taken = new Set<number>()
  for (const key of keys) {
    newer.forEach((item, n) => {
      if (partnerOf.has(n)) return
      const k = key(item)
      if (k == null) return
      const o = older.findIndex((candidate, i) => !taken.has(i) && key(candidate) === k)
      if (o < 0) return
      partnerOf.set(n, o)
      taken.add(o)
    })
  }
  const pairs: [T | null, T | null][] = newer.map((item, n) => {
    const o = partnerOf.get(n)
    return [o == null ? null : (older[o] ?? null), item]
  })
  older.forEach((item, o) => {
    if (!taken.has(o)) pairs.push([item, null])
  })
  return pairs
}

function gpuLabel(gpu: Gpu): string {
  return gpu.busId == null ? `GPU ${gpu.name}` : `GPU ${gpu.name} (${gpu.busId})`
}

function describeGpu(gpu: Gpu): string {
  const parts = [gpu.name]
  if (gpu.vramMiB != null) parts.push(`${mib(gpu.vramMiB)} VRAM`)
  if (gpu.attachment !== 'bare-metal' && gpu.attachment !== 'unknown') parts.push(gpu.attachment)
  return parts.join(', ')
}

function describeAccelerator(acc: Accelerator): string {
  return `${acc.name} (${acc.id})`
}

function describeMount(m: StorageMount): string {
  return `${m.device}, ${m.fsType}, ${m.kind}, ${gib(m.sizeGiB)}`
}

function describeVirt(kind: string, role: string): string {
  return kind === 'none' ? role : `${role} (${kind})`
}

function pcieMax(gpu: Gpu): string | null {
  const link = gpu.pcie
  if (link?.genMax == null || link.widthMax == null) return null
  return `Gen ${link.genMax} x${link.widthMax}`
}

// Present runtimes show their version; "installed" when the version could not be read.
function runtime(status: RuntimeStatus): string | null {
  return status.present ? (status.version ?? 'installed') : null
}

function gib(value: number): string {
  return `${Math.round(value * 10) / 10} GiB`
}

function mib(value: number | null): string | null {
  return value == null ? null : gib(value / 1024)
}

function mts(value: number | null): string | null {
  return value == null ? null : `${value} MT/s`
}

function usb(value: number | null): string | null {
  return value == null ? null : `${value} Mbit/s`
}

function str(value: number | null): string | null {
  return value == null ? null : String(value)
}

function yesNo(value: boolean | null): string | null {
  return value == null ? null : value ? 'set' : 'not set'
}

function installed(value: boolean | null): string | null {
  return value == null ? null : value ? 'installed' : 'not installed'
}
