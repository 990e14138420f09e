// The archive is checked by independent readers: Debian's `unzip` when installed, and Python's
// zipfile module (which verifies every CRC), so a header mistake cannot hide behind our own reader.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 as nodeCrc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildZip, crc32, dosDateTime, type ZipEntry } from './zip.js'

const MODIFIED = new Date(Date.UTC(2026, 2, 14, 15, 9, 26))
const ENTRIES: ZipEntry[] = [
  { name: 'user-data', content: '#cloud-config\nusers: []\n' },
  { name: 'govc.sh', content: "#!/bin/sh\ngovc vm.clone -vm 'ubuntu' 'ai-lab'\n", mode: 0o755 },
  { name: 'README.md', content: 'Ünïcødé ✓ and "quotes"\n' },
  { name: 'empty.txt', content: '' },
  { name: 'bin/bytes.dat', content: new Uint8Array([0, 1, 2, 255, 254, 80, 75, 3, 4]) },
]

const PY_READ = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    out = {"bad": bad, "files": []}
    for i in z.infolist():
        out["files"].append({
            "name": i.filename, "size": i.file_size, "method": i.compress_type,
            "mode": i.external_attr >> 16, "date": list(i.date_time),
            "hex": z.read(i).hex(),
        })
    print(json.dumps(out))
`

let dir = ''
let file = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-ai-zip-'))
  file = join(dir, 'lab.zip')
  await writeFile(file, buildZip(ENTRIES, MODIFIED))
})
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

const hex = (c: string | Uint8Array) =>
  Buffer.from(typeof c === 'string' ? Buffer.from(c, 'utf8') : c).toString('hex')

describe('crc32', () => {
  it('gives the check value of the standard', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
  })

  it('agrees with zlib on random bytes', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251)
    expect(crc32(bytes)).toBe(nodeCrc32(bytes))
  })
})

describe('dosDateTime', () => {
  it('packs the date and time in two-second steps', () => {
    expect(dosDateTime(MODIFIED)).toEqual({
      time: (15 << 11) | (9 << 5) | 13,
      date: ((2026 - 1980) << 9) | (3 << 5) | 14,
    })
  })
})

describe('buildZip', () => {
  it("is read back whole by Python's zipfile, every CRC checked", () => {
    const out = JSON.parse(
      execFileSync('python3', ['-c', PY_READ, file], { encoding: 'utf8' }),
    ) as {
      bad: string | null
      files: {
        name: string
        size: number
        method: number
        mode: number
        date: number[]
        hex: string
      }[]
    }
    expect(out.bad).toBeNull()
    expect(out.files.map((f) => [f.name, f.hex, f.method])).toEqual(
      ENTRIES.map((e) => [e.name, hex(e.content), 0]),
    )
    expect(out.files.map((f) => f.mode)).toEqual([0o100644, 0o100755, 0o100644, 0o100644, 0o100644])
    expect(out.files[0]!.date).toEqual([2026, 3, 14, 15, 9, 26])
  })

  it.skipIf(!existsSync('/usr/bin/unzip'))('passes `unzip -t` and extracts the same bytes', () => {
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain(
      'No errors detected',
    )
    const readme = execFileSync('unzip', ['-p', file, 'README.md'])
    expect(readme.toString('utf8')).toBe(ENTRIES[2]!.content)
  })

  it('writes an empty archive as just the end record', () => {
    const zip = buildZip([], MODIFIED)
    expect(zip.length).toBe(22)
    expect(Buffer.from(zip.subarray(0, 4)).toString('hex')).toBe('504b0506')
  })

  it.each([
    ['', 'not a safe ZIP entry name'],
    ['/etc/passwd', 'not a safe ZIP entry name'],
    ['a/../../b', 'not a safe ZIP entry name'],
    ['a\\b', 'not a safe ZIP entry name'],
  ])('refuses the entry name %j', (name, message) => {
    expect(() => buildZip([{ name, content: 'x' }], MODIFIED)).toThrow(message)
  })

  it('refuses duplicate names', () => {
    expect(() =>
      buildZip(
        [
          { name: 'a', content: '1' },
          { name: 'a', content: '2' },
        ],
        MODIFIED,
      ),
    ).toThrow('duplicate ZIP entry name: "a"')
  })
})
