import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { readGgufHeader } from './read-gguf-header.js'
import { mulberry32 } from './tiny-model.js'
import { encodeGguf } from './write-gguf.js'

const dir = mkdtempSync(path.join(tmpdir(), 'gguf-fuzz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = path.join(dir, 'fuzz.gguf')

/** A small file with one key of every shape the reader walks: scalars, strings, arrays, tensors. */
const sample = Buffer.from(
  encodeGguf({
    metadata: {
      'general.architecture': { type: 'string', value: 'llama' },
      'llama.block_count': { type: 'uint32', value: 2 },
      'llama.rope.freq_base': { type: 'float32', value: 10000 },
      'test.flag': { type: 'bool', value: false },
      'test.big': { type: 'uint64', value: 7n },
      'tokenizer.ggml.tokens': { type: 'array', elementType: 'string', values: ['<s>', 'a', 'b'] },
      'test.ids': { type: 'array', elementType: 'int32', values: [1, 2, 3] },
      'test.nested': {
        type: 'array',
        elementType: 'array',
        values: [{ type: 'array', elementType: 'uint8', values: [1] }],
      },
    },
    tensors: [
      { name: 'token_embd.weight', type: 'Q8_0', shape: [32, 2], data: new Uint8Array(68) },
      { name: 'output_norm.weight', type: 'F32', shape: [32], data: new Uint8Array(128) },
    ],
  }),
)

// Errors the reader raises on purpose; anything else ("cannot read ... RangeError") is a bug.
const EXPECTED =
  /truncated at byte|runs past the end|claims \d+|unknown value type|unknown tensor type|neither 0 nor 1|not a GGUF file|big-endian|GGUF version|dimensions \(ggml|absurd|not a multiple|duplicate metadata key|nested deeper|longer than|larger than the|not a power of two/

/** `ok`, or the error message. */
async function outcome(bytes: Uint8Array): Promise<string> {
  writeFileSync(file, bytes)
  try {
    await readGgufHeader(file, { maxHeaderBytes: 64 * 1024 })
    return 'ok'
  } catch (e) {
    expect(e).toBeInstanceOf(InputFileError)
    const message = (e as Error).message
    expect(message).toMatch(EXPECTED)
    expect(message).not.toContain('\n')
    return message
  }
}

describe('readGgufHeader under fuzzing', () => {
  it('reads the sample', async () => {
    expect(await outcome(sample)).toBe('ok')
  })

  it('fails cleanly when the header is cut at any byte', async () => {
    writeFileSync(file, sample)
    const h = await readGgufHeader(file)
    for (let cut = 0; cut < h.dataOffset; cut++) {
      const result = await outcome(sample.subarray(0, cut))
      // Cut inside the padding after the tensor infos, everything is read; the data is missing.
      if (result === 'ok') expect(cut).toBeGreaterThan(h.dataOffset - h.alignment)
      else expect(result).toMatch(/truncated at byte|runs past the end|claims \d+/)
    }
  })

  it('gives a clean error or a valid header for random byte flips, in bounded memory', async () => {
    const rand = mulberry32(20261130)
    const before = process.memoryUsage().rss
    let failures = 0
    for (let round = 0; round < 600; round++) {
      const bytes = Buffer.from(sample)
      const flips = 1 + Math.floor(rand() * 4)
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(rand() * bytes.length)
        bytes[at] = Math.floor(rand() * 256)
      }
      if ((await outcome(bytes)) !== 'ok') failures++
    }
    expect(failures).toBeGreaterThan(0)
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20)
  })

  it.each([
    ['a string longer than the file', 'string', 2n ** 63n],
    ['a string just past the end', 'string', 1000n],
    ['an array count of 2^60', 'array', 2n ** 60n],
    ['an array count of u64 max', 'array', 2n ** 64n - 1n],
  ])('rejects %s', async (_label, where, len) => {
    const bytes = Buffer.from(sample)
    if (where === 'string') {
      // The length of the value of general.architecture ("llama").
      const at = bytes.indexOf('llama') - 8
      bytes.writeBigUInt64LE(len, at)
    } else {
      // The element count of tokenizer.ggml.tokens: after its key, the value type and element type.
      const at = bytes.indexOf('tokenizer.ggml.tokens') + 'tokenizer.ggml.tokens'.length + 8
      bytes.writeBigUInt64LE(len, at)
    }
    expect(await outcome(bytes)).toMatch(/runs past the end of the file/)
  })
})
