import type { OsInfo, ProbeNote } from '../../../core/hardware.js'
import { readText, readValue } from './read-tree.js'

/** PRETTY_NAME (or NAME + VERSION) from os-release text, quotes and escapes removed. */
export function parseOsRelease(text: string): string | null {
  const fields = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim())
    if (match?.[1] == null || match[2] == null) continue
    const raw = match[2]
    const unquoted = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw
    fields.set(match[1], unquoted.replace(/\\(["'$`\\])/g, '$1'))
  }
  const pretty = fields.get('PRETTY_NAME')
  if (pretty != null && pretty !== '') return pretty
  const name = fields.get('NAME')
  if (name == null) return null
  const version = fields.get('VERSION')
  return version != null ? `${name} ${version}` : name
}

/** OS name, kernel release and hostname under `root`. */
export async function readOs(root: string): Promise<{ os: OsInfo; notes: ProbeNote[] }> {
  const [etc, usrLib, kernel, hostname] = await Promise.all([
    readText(root, 'etc/os-release'),
    readText(root, 'usr/lib/os-release'),
    readValue(root, 'proc/sys/kernel/osrelease'),
    readValue(root, 'proc/sys/kernel/hostname'),
  ])
  const release = etc ?? usrLib
  const notes: ProbeNote[] = []
  if (release == null)
    notes.push({
      area: 'os',
      message: 'No /etc/os-release or /usr/lib/os-release: distribution unknown',
      fix: null,
    })
  return {
    os: {
      platform: 'linux',
      name: release != null ? parseOsRelease(release) : null,
      kernel: kernel != null && kernel !== '' ? kernel : null,
      hostname: hostname != null && hostname !== '' ? hostname : null,
    },
    notes,
  }
}
