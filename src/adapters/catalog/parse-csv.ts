import { InputFileError } from '../../core/errors.js'

/** One data row keyed by the header's column names. */
export type CsvRecord = Readonly<Record<string, string>>

/**
 * Splits RFC 4180 CSV text into rows of fields.
 * - A field in double quotes may hold commas, line breaks and doubled quotes (`""` → `"`).
 * - LF and CRLF both end a row; a final line break does not add an empty row.
 * - A quote inside an unquoted field, or text after a closing quote, is an error: such files
 *   were hand-edited wrongly and silently guessing would shift every later column.
 */
export function parseCsv(text: string, fileLabel = 'CSV'): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let i = 0
  const fail = (why: string): never => {
    throw new InputFileError(`${fileLabel} line ${line}: ${why}`)
  }
  const endField = (): void => {
    row.push(field)
    field = ''
  }
  const endRow = (): void => {
    endField()
    rows.push(row)
    row = []
  }
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i += 1
        const next = text[i]
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          fail('text after a closing quote')
        }
        continue
      }
      if (ch === '\n') line += 1
      field += ch
      i += 1
      continue
    }
    if (ch === '"') {
      if (field !== '') fail('quote inside an unquoted field')
      quoted = true
      i += 1
    } else if (ch === ',') {
      endField()
      i += 1
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRow()
      line += 1
      i += 2
    } else if (ch === '\n') {
      endRow()
      line += 1
      i += 1
    } else {
      field += ch
      i += 1
    }
  }
  if (quoted) fail('unterminated quoted field')
  // Text after the last line break is a final row; a trailing line break is not.
  if (field !== '' || row.length > 0) endRow()
  return rows
}

/** Parses CSV with a header row into records; every row must have the header's column count. */
export function parseCsvRecords(text: string, fileLabel = 'CSV'): CsvRecord[] {
  const [header, ...body] = parseCsv(text, fileLabel)
  if (header === undefined) throw new InputFileError(`${fileLabel}: empty file, no header row`)
  const seen = new Set<string>()
  for (const name of header) {
    if (name === '' || seen.has(name)) {
      throw new InputFileError(`${fileLabel}: header has an empty or repeated column "${name}"`)
    }
    seen.add(name)
  }
  return body.map((fields, index) => {
    if (fields.length !== header.length) {
      throw new InputFileError(
        `${fileLabel} data row ${index + 1}: ${fields.length} fields, header has ${header.length}`,
      )
    }
    return Object.fromEntries(header.map((name, col) => [name, fields[col] ?? '']))
  })
}
