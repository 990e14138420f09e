import { statfs as nodeStatfs } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ProbeNote, StorageKind, StorageMount } from '../../../core/hardware.js'
import type { MountEntry } from './parse-mounts.js'
import { isNetworkFs, parseMounts } from './parse-mounts.js'
import { exists, listDir, readText, readValue, realPathUnder } from './read-tree.js'

/** The three statfs numbers the probe needs (block size and counts). */
export interface StatFs {
  readonly bsize: number
  readonly blocks: number
  readonly bavail: number
}

/** Size lookup for a mount path; null when the filesystem cannot be asked. */
export type StatFsFn = (mountPath: string) => Promise<StatFs | null>

// A hung NFS server blocks statfs for minutes; the probe must not wait with it.
const STATFS_TIMEOUT_MS = 1500

/** The real statfs of `root` + mount path, with a timeout; null on any failure. */
export function defaultStatfs(root: string): StatFsFn {
  return async (mountPath) => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), STATFS_TIMEOUT_MS)
      timer.unref()
    })
    const read = nodeStatfs(join(root, mountPath)).then(
      (s): StatFs => ({ bsize: s.bsize, blocks: s.blocks, bavail: s.bavail }),
      // Unreadable mounts (permissions, stale handles) are reported by the caller as a note.
      () => null,
    )
    try {
      return await Promise.race([read, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}

const BYTES_PER_GIB = 1024 ** 3

/** The whole-disk name behind a partition name, via sysfs (`nvme0n1p2` → `nvme0n1`). */
async function parentDisk(root: string, name: string): Promise<string> {
  if (await exists(root, `sys/block/${name}`)) return name
  const real = await realPathUnder(root, `sys/class/block/${name}`)
  if (real != null && (await exists(root, `sys/class/block/${name}/partition`)))
    return basename(dirname(real))
  // Without /sys/class/block, try the kernel's naming: sda1 → sda, nvme0n1p2 → nvme0n1.
  const guess = /^(.*\d)p\d+$/.exec(name)?.[1] ?? /^(\D+)\d+$/.exec(name)?.[1]
  if (guess != null && (await exists(root, `sys/block/${guess}/${name}/partition`))) return guess
  return name
}

/** The sysfs disk name behind a mount's device (`/dev/sda1` → `sda`), or null for non-block mounts. */
async function diskOf(root: string, device: string): Promise<string | null> {
  if (!device.startsWith('/dev/')) return null
  let name = basename(device)
  if (device.startsWith('/dev/mapper/')) {
    // LVM/LUKS: /dev/mapper/x links to ../dm-N; take its first underlying device.
    const real = await realPathUnder(root, device.slice(1))
    if (real != null) name = basename(real)
  }
  if (name.startsWith('dm-')) {
    const slaves = await listDir(root, `sys/block/${name}/slaves`)
    if (slaves[0] != null) name = slaves[0]
  }
  return parentDisk(root, name)
}

const VIRTUAL_MODEL = /VMware|QEMU|Virtual disk|VBOX|Msft Virtual|Virtual NVMe/i

/** What kind of storage a disk is, from its sysfs path, vendor/model and rotational flag. */
export function classifyDisk(facts: {
  readonly name: string
  readonly sysPath: string | null
  readonly vendor: string | null
  readonly model: string | null
  readonly rotational: string | null
}): StorageKind {
  const path = facts.sysPath ?? ''
  const label = `${facts.vendor ?? ''} ${facts.model ?? ''}`
  if (path.includes('virtio') || /^(vd|xvd)/.test(facts.name) || VIRTUAL_MODEL.test(label))
    return 'virtual'
  if (path.includes('/usb')) return 'usb'
  if (facts.name.startsWith('nvme')) return 'nvme'
  if (facts.rotational === '0') return 'ssd'
  if (facts.rotational === '1') return 'hdd'
  return 'unknown'
}

async function describeDisk(
  root: string,
  disk: string,
): Promise<{ kind: StorageKind; model: string | null }> {
  const [sysPath, vendor, model, rotational] = await Promise.all([
    realPathUnder(root, `sys/block/${disk}`),
    readValue(root, `sys/block/${disk}/device/vendor`),
    readValue(root, `sys/block/${disk}/device/model`),
    readValue(root, `sys/block/${disk}/queue/rotational`),
  ])
  const kind = classifyDisk({
    name: disk,
    sysPath: sysPath ?? null,
    vendor: vendor ?? null,
    model: model ?? null,
    rotational: rotational ?? null,
  })
  return { kind, model: model != null && model !== '' ? model : null }
}

async function describeMount(
  root: string,
  entry: MountEntry,
  statfs: StatFsFn,
): Promise<StorageMount | ProbeNote> {
  const [stat, disk] = await Promise.all([statfs(entry.mount), diskOf(root, entry.device)])
  if (stat == null)
    return {
      area: 'storage',
      message: `Could not read the size of ${entry.mount} (${entry.fsType}); it is left out`,
      fix: isNetworkFs(entry.fsType) ? 'Check that the network share still answers' : null,
    }
  const described = disk != null ? await describeDisk(root, disk) : null
  return {
    mount: entry.mount,
    fsType: entry.fsType,
    device: entry.device,
    sizeGiB: (stat.bsize * stat.blocks) / BYTES_PER_GIB,
    freeGiB: (stat.bsize * stat.bavail) / BYTES_PER_GIB,
    kind: isNetworkFs(entry.fsType) ? 'network' : (described?.kind ?? 'unknown'),
    model: described?.model ?? null,
  }
}

/** Real storage mounts under `root` with size, free space and the kind of disk behind them. */
export async function readStorage(
  root: string,
  statfs: StatFsFn,
): Promise<{ storage: StorageMount[]; notes: ProbeNote[] }> {
  const notes: ProbeNote[] = []
  const text = (await readText(root, 'proc/self/mounts')) ?? (await readText(root, 'proc/mounts'))
  if (text == null) {
    notes.push({
      area: 'storage',
      message: 'Could not read /proc/self/mounts or /proc/mounts: disks are unknown',
      fix: 'Run the probe on the Linux host itself, with /proc mounted',
    })
    return { storage: [], notes }
  }
  const results = await Promise.all(
    parseMounts(text).map((entry) => describeMount(root, entry, statfs)),
  )
  for (const r of results) if ('area' in r) notes.push(r)
  return { storage: results.filter((r) => 'mount' in r), notes }
}
