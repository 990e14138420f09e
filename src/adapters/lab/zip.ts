/**
 * A tiny ZIP writer for the lab exports: stored (uncompressed) entries, CRC-32, local headers,
 * central directory and end record (PKWARE APPNOTE 6.3.10, sections 4.3 and 4.4). The files are
 * a few KiB of text, so compressing them is not worth a dependency. No ZIP64: the writer refuses
 * archives past 4 GiB or 65535 entries rather than write a broken one.
 */

/** One file in the archive; `name` uses `/` between folders. */
export interface ZipEntry {
  readonly name: string
  readonly content: string | Uint8Array
  /** Unix permission bits (0o755 for scripts); default 0o644. */
  readonly mode?: number
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (IEEE 802.3, the polynomial ZIP and gzip use) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** MS-DOS date and time fields, the only timestamp a plain ZIP header holds (2-second steps). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107)
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >>> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  }
}

const VERSION_NEEDED = 20 // 2.0: the lowest version that knows folders; stored entries need no more
const VERSION_MADE_BY = (3 << 8) | 20 // host system 3 = Unix, so the external attributes are modes
const FLAG_UTF8 = 1 << 11 // names are UTF-8 (APPNOTE appendix D)
const MAX_U16 = 0xffff
const MAX_U32 = 0xffffffff

/**
 * Builds a ZIP archive of `entries`, stored without compression, every entry dated `modified`.
 * Throws on a name that is empty, absolute or climbs out with `..`, on duplicate names, and past
 * the limits of a ZIP without ZIP64.
 */
export function buildZip(entries: readonly ZipEntry[], modified: Date): Uint8Array<ArrayBuffer> {
  if (entries.length > MAX_U16)
    throw new Error(`a ZIP without ZIP64 holds at most ${MAX_U16} files`)
  const encoder = new TextEncoder()
  const stamp = dosDateTime(modified)
  const seen = new Set<string>()
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    checkName(entry.name, seen)
    const name = encoder.encode(entry.name)
    const data = typeof entry.content === 'string' ? encoder.encode(entry.content) : entry.content
    const crc = crc32(data)
    if (offset + 30 + name.length + data.length > MAX_U32)
      throw new Error('the archive would pass 4 GiB, which needs ZIP64')

    const local = new Uint8Array(30 + name.length + data.length)
    const lv = new DataView(local.buffer)
    lv.setUint32(0, 0x04034b50, true)
    lv.setUint16(4, VERSION_NEEDED, true)
    lv.setUint16(6, FLAG_UTF8, true)
    lv.setUint16(8, 0, true) // method 0: stored
    lv.setUint16(10, stamp.time, true)
    lv.setUint16(12, stamp.date, true)
    lv.setUint32(14, crc, true)
    lv.setUint32(18, data.length, true)
    lv.setUint32(22, data.length, true)
    lv.setUint16(26, name.length, true)
    lv.setUint16(28, 0, true)
    local.set(name, 30)
    local.set(data, 30 + name.length)

    const central = new Uint8Array(46 + name.length)
    const cv = new DataView(central.buffer)
    cv.setUint32(0, 0x02014b50, true)
    cv.setUint16(4, VERSION_MADE_BY, true)
    cv.setUint16(6, VERSION_NEEDED, true)
    cv.setUint16(8, FLAG_UTF8, true)
    cv.setUint16(10, 0, true)
    cv.setUint16(12, stamp.time, true)
    cv.setUint16(14, stamp.date, true)
    cv.setUint32(16, crc, true)
    cv.setUint32(20, data.length, true)
    cv.setUint32(24, data.length, true)
    cv.setUint16(28, name.length, true)
    // 30 extra length, 32 comment length, 34 disk number, 36 internal attributes: all 0.
    // Regular file (S_IFREG) with its permission bits, in the high half as Unix zips do.
    cv.setUint32(38, ((0o100000 | ((entry.mode ?? 0o644) & 0o777)) << 16) >>> 0, true)
    cv.setUint32(42, offset, true)
    central.set(name, 46)

    locals.push(local)
    centrals.push(central)
    offset += local.length
  }
  const centralSize = centrals.reduce((sum, c) => sum + c.length, 0)
  const end = new Uint8Array(22)
  const ev = new DataView(end.buffer)
  ev.setUint32(0, 0x06054b50, true)
  // 4 this disk, 6 disk with the central directory: 0 (one-disk archive).
  ev.setUint16(8, entries.length, true)
  ev.setUint16(10, entries.length, true)
  ev.setUint32(12, centralSize, true)
  ev.setUint32(16, offset, true)
  ev.setUint16(20, 0, true)
  return concat([...locals, ...centrals, end])
}

function checkName(name: string, seen: Set<string>): void {
  const parts = name.split('/')
  if (name === '' || name.startsWith('/') || name.includes('\\') || parts.includes('..'))
    throw new Error(`not a safe ZIP entry name: ${JSON.stringify(name)}`)
  if (seen.has(name)) throw new Error(`duplicate ZIP entry name: ${JSON.stringify(name)}`)
  seen.add(name)
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
