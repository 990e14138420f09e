import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import type { GgufArraySummary } from './gguf-types.js'
import { readGgufHeader } from './read-gguf-header.js'
import { writeTinyLlamaModel } from './tiny-model.js'
import { encodeGguf, type GgufFileWrite } from './write-gguf.js'

const dir = mkdtempSync(path.join(tmpdir(), 'gguf-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function fileOf(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name)
  writeFileSync(file, bytes)
  return file
}

async function readError(file: string, opts?: { maxHeaderBytes?: number }): Promise<string> {
  const err = await readGgufHeader(file, opts).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InputFileError)
  return (err as InputFileError).message
}

const everyType: GgufFileWrite = {
  metadata: {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: 'All types' },
    'test.u8': { type: 'uint8', value: 255 },
    'test.i8': { type: 'int8', value: -128 },
    'test.u16': { type: 'uint16', value: 65535 },
    'test.i16': { type: 'int16', value: -32768 },
    'test.u32': { type: 'uint32', value: 4294967295 },
    'test.i32': { type: 'int32', value: -2147483648 },
    'test.f32': { type: 'float32', value: 0.5 },
    'test.bool': { type: 'bool', value: true },
    'test.string': { type: 'string', value: 'héllo ▁ world' },
    'test.u64': { type: 'uint64', value: 2n ** 64n - 1n },
    'test.i64': { type: 'int64', value: -5n },
    'test.f64': { type: 'float64', value: 1e300 },
    'test.nested': {
      type: 'array',
      elementType: 'array',
      values: [
        { type: 'array', elementType: 'uint8', values: [1, 2] },
        { type: 'array', elementType: 'string', values: ['a'] },
      ],
    },
    'test.long_array': {
      type: 'array',
      elementType: 'int32',
      values: Array.from({ length: 3000 }, (_, i) => i),
    },
    'test.strings': {
      type: 'array',
      elementType: 'string',
      values: Array.from({ length: 40 }, (_, i) => `s${i}`),
    },
  },
  tensors: [
    { name: 'a', type: 'F32', shape: [3], data: new Uint8Array(12).fill(1) },
    { name: 'b', type: 'Q8_0', shape: [32, 2], data: new Uint8Array(68).fill(2) },
  ],
  alignment: 64,
}

describe('readGgufHeader on files the writer made', () => {
  it('reads back metadata of every value type, with long arrays summarised', async () => {
    const h = await readGgufHeader(fileOf('every-type.gguf', encodeGguf(everyType)))
    const value = (key: string) => h.metadata.find((m) => m.key === key)?.value
    expect(h.version).toBe(3)
    expect(h.architecture).toBe('llama')
    expect(h.name).toBe('All types')
    expect(h.alignment).toBe(64)
    expect(value('general.alignment')).toBe(64)
    expect([value('test.u8'), value('test.i8'), value('test.u16'), value('test.i16')]).toEqual([
      255, -128, 65535, -32768,
    ])
    expect([value('test.u32'), value('test.i32'), value('test.f32')]).toEqual([
      4294967295, -2147483648, 0.5,
    ])
    expect(value('test.bool')).toBe(true)
    expect(value('test.string')).toBe('héllo ▁ world')
    // Beyond 2^53 a 64-bit integer stays exact as a decimal string.
    expect(value('test.u64')).toBe('18446744073709551615')
    expect(value('test.i64')).toBe(-5)
    expect(value('test.f64')).toBe(1e300)
    expect(value('test.nested')).toEqual({
      elementType: 'array',
      length: 2,
      items: [
        { elementType: 'uint8', length: 2, items: [1, 2] },
        { elementType: 'string', length: 1, items: ['a'] },
      ],
    })
    const long = value('test.long_array') as GgufArraySummary
    expect(long.length).toBe(3000)
    expect(long.items).toHaveLength(1024)
    expect(long.items[1023]).toBe(1023)
    const strings = value('test.strings') as GgufArraySummary
    expect([strings.length, strings.items.length, strings.items[15]]).toEqual([40, 16, 's15'])
  })

  it('lists tensors with exact bytes and aligned offsets', async () => {
    const h = await readGgufHeader(fileOf('tensors.gguf', encodeGguf(everyType)))
    expect(h.tensors).toEqual([
      { name: 'a', type: 'F32', typeId: 0, shape: [3], elements: 3, bytes: 12, offset: 0 },
      { name: 'b', type: 'Q8_0', typeId: 8, shape: [32, 2], elements: 64, bytes: 68, offset: 64 },
    ])
    expect(h.dataOffset % 64).toBe(0)
    expect(h.fileBytes).toBe(h.dataOffset + 64 + 128)
    expect(h.weightsBytes).toBe(80)
    expect(h.weightsBytesExact).toBe(true)
    expect(h.dataComplete).toBe(true)
    expect(h.parameterCount).toBe(67)
    expect(h.dominantTensorType).toBe('Q8_0')
    expect(h.fileType).toEqual({ id: null, name: 'Q8_0', source: 'guessed' })
  })

  it('reads the tiny llama model: hyperparameters, file type, weights', async () => {
    const info = await writeTinyLlamaModel(path.join(dir, 'tiny.gguf'), { type: 'q8_0' })
    const h = await readGgufHeader(info.file)
    expect(h.fileBytes).toBe(info.fileBytes)
    expect(h.parameterCount).toBe(info.parameterCount)
    expect(h.fileType).toEqual({ id: 7, name: 'Q8_0', source: 'metadata' })
    expect(h.typeSummary.map((t) => [t.type, t.tensors])).toEqual([
      ['Q8_0', 16],
      ['F32', 5],
    ])
    expect(h.hyperparameters).toEqual({
      blockCount: 2,
      embeddingLength: 64,
      feedForwardLength: 128,
      headCount: 4,
      headCountKv: 2,
      keyLength: 16,
      valueLength: 16,
      contextLength: 2048,
      slidingWindow: null,
      expertCount: null,
      expertUsedCount: null,
      expertFeedForwardLength: null,
      expertSharedCount: null,
      vocabSize: 260,
    })
    expect(h.dataComplete).toBe(true)
  })

  it('sizes a header-only Llama-3-8B-shaped Q4_K file exactly, without its 4 GiB of data', async () => {
    const info = await writeTinyLlamaModel(path.join(dir, 'fake-8b.gguf'), {
      embd: 4096,
      layers: 32,
      ff: 14336,
      heads: 32,
      kvHeads: 8,
      vocab: 128256,
      type: 'q4_k',
      contextLength: 8192,
      headerOnly: true,
    })
    const h = await readGgufHeader(info.file)
    // 8.03 B parameters as in Meta's config; Q4_K is 144 bytes per 256 weights, norms F32.
    expect(h.parameterCount).toBe(8_030_261_248)
    expect(h.weightsBytes).toBe(4_516_872_192 + 1_064_960)
    expect(h.fileType.name).toBe('Q4_K_M')
    expect(h.dataComplete).toBe(false)
    expect(h.hyperparameters.vocabSize).toBe(128256)
    expect(info.fileBytes).toBeLessThan(4 * 2 ** 20)
  })
})

describe('readGgufHeader on bad files', () => {
  const header = (version: number, tensors: bigint, kvs: bigint, rest: number[] = []) => {
    const b = Buffer.alloc(24)
    b.write('GGUF', 0, 'latin1')
    b.writeUInt32LE(version, 4)
    b.writeBigUInt64LE(tensors, 8)
    b.writeBigUInt64LE(kvs, 16)
    return Buffer.concat([b, Buffer.from(rest)])
  }

  it.each([
    ['not-gguf.bin', Buffer.from('PK\u0003\u0004 a zip file'), /not a GGUF file/],
    ['old-ggjt.bin', Buffer.from('tjgg0000'), /old GGML\/GGJT file/],
    ['empty.gguf', Buffer.alloc(0), /truncated at byte 0 while reading the magic number/],
    ['big-endian.gguf', Buffer.from('GGUF\u0000\u0000\u0000\u0003'), /big-endian/],
    ['v1.gguf', header(1, 0n, 0n), /version 1 \(2023\) is not supported/],
    ['v9.gguf', header(9, 0n, 0n), /unknown GGUF version 9/],
    ['many-tensors.gguf', header(3, 2n ** 62n, 0n), /claims 4611686018427387904 tensors/],
    ['many-kvs.gguf', header(3, 0n, 1000n), /claims 1000 metadata entries/],
  ])('%s: %s', async (name, bytes, message) => {
    expect(await readError(fileOf(name, bytes))).toMatch(message)
  })

  it('names the tensor info where a file was cut', async () => {
    const whole = encodeGguf(everyType)
    const h = await readGgufHeader(fileOf('whole.gguf', whole))
    // Cut inside the second tensor info: the name of the first is read, the second is not.
    const cut = h.dataOffset - 20
    expect(await readError(fileOf('cut.gguf', whole.subarray(0, cut)))).toBe(
      `cut.gguf: truncated at byte ${cut} while reading tensor info 1 ("b")`,
    )
  })

  it('stops at the header limit', async () => {
    const file = fileOf('limit.gguf', encodeGguf(everyType))
    expect(await readError(file, { maxHeaderBytes: 100 })).toMatch(
      /limit.gguf: the header is larger than the 100-byte limit \(at byte \d+ while reading metadata entry \d+/,
    )
  })

  it.each([
    ['a directory', () => dir, /is not a regular file/],
    ['a missing file', () => path.join(dir, 'nope.gguf'), /nope.gguf: cannot open .* \(ENOENT\)/],
  ])('%s', async (_label, file, message) => {
    expect(await readError(file())).toMatch(message)
  })

  it('rejects an unaligned tensor offset', async () => {
    const bytes = Buffer.from(
      encodeGguf({
        metadata: {},
        tensors: [{ name: 't', type: 'F32', shape: [8], data: new Uint8Array(32) }],
      }),
    )
    // The offset follows the header (24), name (8+1), n_dims (4), ne0 (8) and type (4).
    bytes.writeBigUInt64LE(3n, 49)
    expect(await readError(fileOf('unaligned.gguf', bytes))).toBe(
      'unaligned.gguf: data offset 3 is not a multiple of the alignment 32 at byte 49 while reading tensor info 0 ("t")',
    )
  })

  it('rejects a first dimension that does not fill whole quant blocks', async () => {
    const bytes = Buffer.from(
      encodeGguf({
        metadata: {},
        tensors: [{ name: 'q', type: 'Q8_0', shape: [32, 1], data: new Uint8Array(34) }],
      }),
    )
    // ne0 is the first u64 after the name ("q") and n_dims: 24 + 8 + 1 + 4.
    bytes.writeBigUInt64LE(33n, 37)
    expect(await readError(fileOf('block.gguf', bytes))).toMatch(
      /first dimension 33 is not a multiple of the Q8_0 block size 32 .* tensor info 0 \("q"\)/,
    )
  })

  it('rejects duplicate keys, bad value types and more than 4 dimensions', async () => {
    const dup = Buffer.from(
      encodeGguf({
        metadata: {
          'a.b': { type: 'uint8', value: 1 },
          'a.c': { type: 'uint8', value: 2 },
        },
        tensors: [],
      }),
    )
    dup.write('a.b', dup.lastIndexOf('a.c'), 'latin1')
    expect(await readError(fileOf('dup.gguf', dup))).toMatch(/duplicate metadata key "a.b"/)

    const badType = Buffer.from(
      encodeGguf({ metadata: { 'a.b': { type: 'uint8', value: 1 } }, tensors: [] }),
    )
    badType.writeUInt32LE(77, 24 + 8 + 3)
    expect(await readError(fileOf('type.gguf', badType))).toMatch(
      /unknown value type 77 at byte 35 while reading metadata entry 0 \("a.b"\)/,
    )

    const dims = Buffer.from(
      encodeGguf({
        metadata: {},
        tensors: [{ name: 'q', type: 'F32', shape: [1], data: new Uint8Array(4) }],
      }),
    )
    dims.writeUInt32LE(5, 24 + 8 + 1)
    expect(await readError(fileOf('dims.gguf', dims))).toMatch(/5 dimensions \(ggml allows 4\)/)
  })

  it('takes the file type from general.file_type, guessed bit included', async () => {
    const bytes = encodeGguf({
      metadata: { 'general.file_type': { type: 'uint32', value: 1024 + 15 } },
      tensors: [],
    })
    const h = await readGgufHeader(fileOf('ftype.gguf', bytes))
    expect(h.fileType).toEqual({ id: 1039, name: 'Q4_K_M', source: 'metadata' })
  })

  it('sizes a tensor of an unknown (newer) type from the file layout', async () => {
    const bytes = Buffer.from(
      encodeGguf({
        metadata: {},
        tensors: [
          { name: 'new', type: 'F32', shape: [8], data: new Uint8Array(32) },
          { name: 'old', type: 'F32', shape: [8], data: new Uint8Array(32) },
        ],
      }),
    )
    // Type id of tensor "new": after 24 header bytes, name (8+3), n_dims (4), ne0 (8).
    bytes.writeUInt32LE(42, 24 + 11 + 4 + 8)
    const h = await readGgufHeader(fileOf('newtype.gguf', bytes))
    expect(h.tensors[0]).toMatchObject({ type: 'type42', bytes: 32 })
    expect(h.weightsBytesExact).toBe(false)
  })
})
