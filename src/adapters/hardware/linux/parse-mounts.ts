/** One line of /proc/self/mounts, escapes decoded. */
export interface MountEntry {
  readonly device: string
  readonly mount: string
  readonly fsType: string
}

// Kernel-internal and memory-backed filesystems: they hold no models or data sets.
// `overlay` is NOT here: it is `/` inside a Docker container.
const PSEUDO_FS = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'fuse.gvfsd-fuse',
  'fuse.lxcfs',
  'fuse.portal',
  'fuse.snapfuse',
  'fuse.vmware-vmblock',
  'hugetlbfs',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rootfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
])

// Files Docker bind-mounts into every container; they repeat the host disk that `/` already shows.
const CONTAINER_FILES = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf'])

const NETWORK_FS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ceph',
  'glusterfs',
  '9p',
  'fuse.sshfs',
  'fuse.rclone',
])

/** Whether a filesystem type is network storage (NFS, SMB, ...). */
export function isNetworkFs(fsType: string): boolean {
  return NETWORK_FS.has(fsType)
}

/** Whether a mount is kernel-internal, memory-backed or a container's bind-mounted file. */
export function isPseudoMount(entry: MountEntry): boolean {
  if (PSEUDO_FS.has(entry.fsType)) return true
  if (CONTAINER_FILES.has(entry.mount)) return true
  return /^\/(proc|sys|dev)(\/|$)/.test(entry.mount)
}

/** Decodes the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash). */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)))
}

/**
 * Real storage mounts from /proc/self/mounts text, in order, one per mount path.
 * When a path is mounted twice the later mount hides the earlier, so the later one wins.
 */
export function parseMounts(text: string): MountEntry[] {
  const byPath = new Map<string, MountEntry>()
  for (const line of text.split('\n')) {
    const [device, mount, fsType] = line.split(' ')
    // Mount points are absolute; anything else is a torn or foreign line.
    if (device == null || mount?.startsWith('/') !== true || fsType == null) continue
    const entry = {
      device: decodeMountField(device),
      mount: decodeMountField(mount),
      fsType,
    }
    if (isPseudoMount(entry)) continue
    byPath.delete(entry.mount)
    byPath.set(entry.mount, entry)
  }
  return [...byPath.values()]
}
