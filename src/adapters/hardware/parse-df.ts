import type { StorageMount } from '../../core/hardware.js'

/** Pseudo and system-internal filesystems that never hold models. */
const SKIP_FS = /^(devfs|autofs|map |tmpfs|nullfs)/

/**
 * Parses POSIX `df -kP` output (macOS, BSD): one mount per line, sizes in KiB. macOS system
 * volumes under /System/Volumes (VM, Preboot, Update, ...) share the Data volume's space, so only
 * `/` and `/System/Volumes/Data` of them are kept.
 */
export function parseDfPortable(text: string): StorageMount[] {
  const out: StorageMount[] = []
  for (const line of text.split('\n').slice(1)) {
    // The mount point is last and may contain spaces; the five fields before it do not.
    const m = /^(\S+(?: \S+)*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\/.*)$/.exec(line.trim())
    if (m == null) continue
    const [, device = '', blocks = '0', , avail = '0', , mount = ''] = m
    if (SKIP_FS.test(device)) continue
    if (mount.startsWith('/System/Volumes/') && mount !== '/System/Volumes/Data') continue
    if (mount.startsWith('/Library/Developer/CoreSimulator')) continue
    const kib = 1024 ** 2
    out.push({
      mount,
      fsType: 'unknown',
      device,
      sizeGiB: Number(blocks) / kib,
      freeGiB: Number(avail) / kib,
      kind: device.startsWith('//') || device.includes(':/') ? 'network' : 'unknown',
      model: null,
    })
  }
  return out
}
