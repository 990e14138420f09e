import { readFile, readdir, readlink, realpath, access } from 'node:fs/promises'
import { basename, join } from 'node:path'

// Every reader here answers `undefined` / `[]` instead of throwing: on Linux a missing or
// root-only file is an ordinary fact (no DMI in a container, no USB bus in a VM), and the caller
// decides whether it deserves a ProbeNote.

/** The whole text of a file under `root`, or undefined when it cannot be read. */
export async function readText(root: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(join(root, rel), 'utf8')
  } catch {
    return undefined
  }
}

/** A one-value sysfs/procfs file, trimmed; undefined when missing or unreadable. */
export async function readValue(root: string, rel: string): Promise<string | undefined> {
  const text = await readText(root, rel)
  return text?.trim()
}

/** Entry names of a directory under `root`, sorted; [] when it is missing or unreadable. */
export async function listDir(root: string, rel: string): Promise<string[]> {
  try {
    return (await readdir(join(root, rel))).sort()
  } catch {
    return []
  }
}

/** The basename a symlink points at (sysfs `driver` links), or undefined when it is no link. */
export async function readLinkName(root: string, rel: string): Promise<string | undefined> {
  try {
    return basename(await readlink(join(root, rel)))
  } catch {
    return undefined
  }
}

/**
 * Where a path under `root` really lives, as a path relative to `root` with a leading `/`
 * (`/sys/devices/pci0000:00/.../block/vda`); undefined when it does not resolve.
 * Relative to root so that the fixture folder's own name (say `coral-usb`) never matches a test.
 */
export async function realPathUnder(root: string, rel: string): Promise<string | undefined> {
  try {
    const [base, target] = await Promise.all([realpath(root), realpath(join(root, rel))])
    if (target === base) return '/'
    if (!target.startsWith(base)) return target
    return base.endsWith('/') ? `/${target.slice(base.length)}` : target.slice(base.length)
  } catch {
    return undefined
  }
}

/** Whether a path under `root` exists (file, directory or link target). */
export async function exists(root: string, rel: string): Promise<boolean> {
  try {
    await access(join(root, rel))
    return true
  } catch {
    return false
  }
}
