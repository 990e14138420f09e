import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { InputFileError } from '../../src/core/errors.js'
import { readMeasurements } from '../../scripts/validation-rows.js'

// `npm run validate` and `npm run fit:efficiency` read VALIDATION_CSV when it is set: a bad file
// must stop them with one line naming it, never score 0 rows or print a stack trace.
const dir = mkdtempSync(join(tmpdir(), 'validation-csv-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const real = fileURLToPath(new URL('../../catalog/validation/measurements.csv', import.meta.url))

describe('readMeasurements', () => {
  it('reads the committed measurements', () => {
    const rows = readMeasurements(real)
    expect(rows.length).toBeGreaterThan(400)
    expect(rows[0]?.id).toBe('xdai-001')
  })

  it.each([
    [
      'a missing file',
      join(dir, 'nope.csv'),
      /nope\.csv: cannot read the measurements file \(ENOENT\)/,
    ],
    [
      'a header with no rows',
      file('empty.csv', 'id,source_url\n'),
      /empty\.csv: no measurement rows/,
    ],
    [
      'a file without the columns rows need',
      file('other.csv', 'x,y\n1,2\n'),
      /other\.csv: missing column\(s\) id, source_url, vendor, device, test, tokens_per_sec, outcome/,
    ],
    [
      'a ragged row',
      file('ragged.csv', `${readFileSync(real, 'utf8').split('\n')[0]}\na,b\n`),
      /ragged\.csv/,
    ],
  ])('rejects %s with one line naming the file', (_what, path, message) => {
    expect(() => readMeasurements(path)).toThrow(InputFileError)
    expect(() => readMeasurements(path)).toThrow(message)
  })
})
