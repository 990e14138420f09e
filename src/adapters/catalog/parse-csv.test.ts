import { describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { parseCsv, parseCsvRecords } from './parse-csv.js'

describe('parseCsv', () => {
  it('splits plain fields and ignores one trailing line break', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
  })

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n')).toEqual([['a', '', 'c', '']])
  })

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = 'id,notes\n1,"size ""3.56 GiB"", 6.74 B"\n2,"two\nlines"\n'
    expect(parseCsv(text)).toEqual([
      ['id', 'notes'],
      ['1', 'size "3.56 GiB", 6.74 B'],
      ['2', 'two\nlines'],
    ])
  })

  it('accepts CRLF line ends and a last row without a line break', () => {
    expect(parseCsv('a,b\r\n"x,y",z')).toEqual([
      ['a', 'b'],
      ['x,y', 'z'],
    ])
  })

  it('reads an empty quoted field', () => {
    expect(parseCsv('"",x\n')).toEqual([['', 'x']])
  })

  it('rejects an unterminated quote with the line it started on', () => {
    expect(() => parseCsv('a\n"open,b\n', 'm.csv')).toThrow(InputFileError)
    expect(() => parseCsv('a\n"open,b\n', 'm.csv')).toThrow(/m\.csv line 3: unterminated/)
  })

  it('rejects a stray quote or text after a closing quote', () => {
    expect(() => parseCsv('ab"c,d\n')).toThrow(/quote inside an unquoted field/)
    expect(() => parseCsv('"ab"c,d\n')).toThrow(/text after a closing quote/)
  })
})

describe('parseCsvRecords', () => {
  it('keys each row by the header', () => {
    expect(parseCsvRecords('id,t/s\nx,"1,5"\n')).toEqual([{ id: 'x', 't/s': '1,5' }])
  })

  it('rejects a row whose field count differs from the header', () => {
    expect(() => parseCsvRecords('a,b\n1\n', 'm.csv')).toThrow(
      'm.csv data row 1: 1 fields, header has 2',
    )
  })

  it('rejects an empty file and a repeated column name', () => {
    expect(() => parseCsvRecords('')).toThrow(/empty file/)
    expect(() => parseCsvRecords('a,a\n1,2\n')).toThrow(/repeated column "a"/)
  })
})
