import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { UsageError } from '../../core/errors.js'
import { encodeTinyLlamaModel, f16Bits, mulberry32, quantizeQ8_0 } from './tiny-model.js'
import { encodeGguf, tensorBytes } from './write-gguf.js'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('encodeGguf', () => {
  it('writes the GGUF v3 layout byte for byte', () => {
    const bytes = encodeGguf({
      metadata: { 'a.b': { type: 'uint16', value: 0x1234 } },
      tensors: [{ name: 't', type: 'F32', shape: [1], data: new Uint8Array([1, 2, 3, 4]) }],
    })
    const hex = Buffer.from(bytes).toString('hex')
    expect(hex).toBe(
      [
        '47475546', // "GGUF"
        '03000000', // version 3
        '0100000000000000', // one tensor
        '0100000000000000', // one key
        '0300000000000000',
        '612e62', // key "a.b"
        '02000000',
        '3412', // uint16 0x1234
        '0100000000000000',
        '74', // tensor name "t"
        '01000000',
        '0100000000000000', // one dimension of 1
        '00000000',
        '0000000000000000', // F32 at data offset 0
        '00'.repeat(96 - 74), // zero padding: the tensor infos end at byte 74, data starts at 96
        '01020304', // the data
        '00'.repeat(28), // padded to the alignment
      ].join(''),
    )
  })

  it('sizes tensors from their ggml block: Q4_K is 144 bytes per 256 weights', () => {
    expect(tensorBytes('Q4_K', [4096, 4096])).toBe((4096 * 4096 * 144) / 256)
    expect(tensorBytes('Q8_0', [64, 3])).toBe(6 * 34)
    expect(tensorBytes('F16', [7])).toBe(14)
    expect(() => tensorBytes('Q4_K', [100])).toThrow(/multiple of 256/)
    expect(() => tensorBytes('Q9_X', [1])).toThrow(/unknown ggml type/)
  })

  it('refuses data of the wrong length and half-given data', () => {
    const t = { name: 't', type: 'F32', shape: [2] }
    expect(() =>
      encodeGguf({ metadata: {}, tensors: [{ ...t, data: new Uint8Array(4) }] }),
    ).toThrow(/4 bytes given, 8 expected/)
    expect(() =>
      encodeGguf({
        metadata: {},
        tensors: [
          { ...t, data: new Uint8Array(8) },
          { ...t, name: 'u' },
        ],
      }),
    ).toThrow(/every tensor, or for none/)
  })
})

describe('tiny model encoding', () => {
  it.each([
    [0, 0x0000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [1e6, 0x7c00],
    [2 ** -24, 0x0001],
    [Number.NaN, 0x7e00],
  ])('f16Bits(%s) = %s', (v, bits) => {
    expect(f16Bits(v)).toBe(bits)
  })

  it('quantizes Q8_0 blocks as ggml does: f16 scale amax/127, then rounded bytes', () => {
    const values = new Float32Array(32).map((_, i) => (i - 16) / 16)
    const q = Buffer.from(quantizeQ8_0(values))
    expect(q.length).toBe(34)
    expect(q.readUInt16LE(0)).toBe(f16Bits(1 / 127))
    expect(q.readInt8(2)).toBe(-127)
    expect(q.readInt8(2 + 16)).toBe(0)
    expect(q.readInt8(2 + 31)).toBe(Math.round((15 / 16) * 127))
  })

  it('is deterministic per seed and never uses Math.random', () => {
    const random = vi.spyOn(Math, 'random')
    const a = encodeTinyLlamaModel({ seed: 7, type: 'f16' })
    const b = encodeTinyLlamaModel({ seed: 7, type: 'f16' })
    const c = encodeTinyLlamaModel({ seed: 8, type: 'f16' })
    expect(sha(a)).toBe(sha(b))
    expect(sha(a)).not.toBe(sha(c))
    expect(random).not.toHaveBeenCalled()
    random.mockRestore()
    const seq = (seed: number) => {
      const r = mulberry32(seed)
      return [r(), r(), r()]
    }
    expect(seq(1)).toEqual(seq(1))
    expect(seq(1)).not.toEqual(seq(2))
    expect(seq(3).every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('stays a few MB at most with the defaults', () => {
    for (const type of ['f32', 'f16', 'q8_0'] as const)
      expect(encodeTinyLlamaModel({ type }).length).toBeLessThan(1 * 2 ** 20)
  })

  it.each([
    [{ embd: 60, heads: 8 }, /must split into 8 heads of even size/],
    [{ heads: 4, kvHeads: 3 }, /3 KV heads do not divide 4 heads/],
    [{ type: 'q8_0' as const, ff: 100 }, /multiples of 32/],
    [{ type: 'q4_k' as const, embd: 256, ff: 256 }, /only be written header-only/],
    [{ layers: 0 }, /layers must be a whole number/],
    [{ vocab: 10 }, /vocab must be "bytes" or 260\.\.1000000 tokens/],
  ])('rejects %o', (opts, message) => {
    expect(() => encodeTinyLlamaModel(opts)).toThrow(UsageError)
    expect(() => encodeTinyLlamaModel(opts)).toThrow(message)
  })
})
