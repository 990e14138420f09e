import type {
  Accelerator,
  CpuInfo,
  Gpu,
  MemoryInfo,
  OsInfo,
  ProbeNote,
  StorageMount,
  Virtualization,
} from '../../../core/hardware.js'
import { detectCorals, isCoralPci } from './coral.js'
import { readCpu } from './cpu.js'
import { readSysfsGpus } from './gpus-sysfs.js'
import { readMemory } from './memory.js'
import { readOs } from './os.js'
import { readPciDevices } from './pci-devices.js'
import { listDir } from './read-tree.js'
import type { StatFs } from './storage.js'
import { defaultStatfs, readStorage } from './storage.js'
import { readUsbDevices } from './usb-devices.js'
import { classifyVirtualization, readVirtualizationFacts } from './virtualization.js'

export type { StatFs } from './storage.js'

/** Everything the Linux probe learns from /proc and /sys alone, without running a tool. */
export interface LinuxFacts {
  os: OsInfo
  cpu: CpuInfo
  memory: MemoryInfo
  gpus: Gpu[]
  accelerators: Accelerator[]
  storage: StorageMount[]
  virtualization: Virtualization
  openVmTools: boolean
  notes: ProbeNote[]
}

/**
 * Reads the machine under `root` (default `/`; a fixture tree in tests). Never throws: whatever
 * cannot be read becomes null (or is left out) with a ProbeNote saying why.
 */
export async function readLinuxFacts(
  opts: {
    root?: string
    statfs?: (mountPath: string) => Promise<StatFs | null>
  } = {},
): Promise<LinuxFacts> {
  const root = opts.root ?? '/'
  const statfs = opts.statfs ?? defaultStatfs(root)
  const [os, cpu, memory, pci, usb, storage] = await Promise.all([
    readOs(root),
    readCpu(root),
    readMemory(root),
    readPciDevices(root),
    readUsbDevices(root),
    readStorage(root, statfs),
  ])
  const virtualization = classifyVirtualization(
    await readVirtualizationFacts(root, cpu.hypervisorFlag, pci),
  )
  const coralPci = pci.filter(isCoralPci)
  const [gpus, apexLists] = await Promise.all([
    readSysfsGpus(root, pci, { inVm: virtualization.vmKind != null }),
    Promise.all(coralPci.map((d) => listDir(root, `sys/bus/pci/devices/${d.busId}/apex`))),
  ])
  const apexNodes = new Map(coralPci.map((d, i) => [d.busId, apexLists[i] ?? []]))
  const corals = detectCorals(usb, pci, apexNodes)
  return {
    os: os.os,
    cpu: cpu.cpu,
    memory: memory.memory,
    gpus: gpus.gpus,
    accelerators: corals.accelerators,
    storage: storage.storage,
    virtualization,
    openVmTools: virtualization.openVmTools === true,
    notes: [
      ...os.notes,
      ...cpu.notes,
      ...memory.notes,
      ...gpus.notes,
      ...corals.notes,
      ...storage.notes,
    ],
  }
}
