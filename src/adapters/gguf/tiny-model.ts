import { UsageError } from '../../core/errors.js'
import {
  encodeGguf,
  gv,
  writeGguf,
  type GgufFileWrite,
  type GgufTensorWrite,
} from './write-gguf.js'

/** Weight encodings the tiny model can be written in; `q4_k` only header-only (no JS quantizer). */
export type TinyModelType = 'f32' | 'f16' | 'q8_0' | 'q4_k'

/** Shape of the tiny llama model; the defaults make a ~0.4 MB F32 file. */
export interface TinyModelOptions {
  readonly embd?: number
  readonly layers?: number
  readonly ff?: number
  readonly heads?: number
  readonly kvHeads?: number
  /** `bytes`: UNK/BOS/EOS, 256 byte tokens and the space piece; a number adds filler pieces. */
  readonly vocab?: 'bytes' | number
  readonly type?: TinyModelType
  readonly seed?: number
  readonly contextLength?: number
  /** Write only the header: tensors point past the end (fit tests for 8B shapes, no 4 GB file). */
  readonly headerOnly?: boolean
}

/** What was written. */
export interface TinyModelInfo {
  readonly file: string
  readonly fileBytes: number
  readonly parameterCount: number
  readonly vocabSize: number
}

/** Uniform weights in ±WEIGHT_RANGE: small enough that activations stay finite over a few layers. */
const WEIGHT_RANGE = 0.05
const SPECIAL_TOKENS = ['<unk>', '<s>', '</s>'] as const
const SPACE_PIECE = '\u2581'
/** llama.cpp token types: 1 normal, 2 unknown, 3 control, 6 byte. */
const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const
/** `general.file_type` (llama_ftype) and the ggml type of the weight matrices. */
const ENCODING: Readonly<Record<TinyModelType, { fileType: number; ggml: string }>> = {
  f32: { fileType: 0, ggml: 'F32' },
  f16: { fileType: 1, ggml: 'F16' },
  q8_0: { fileType: 7, ggml: 'Q8_0' },
  q4_k: { fileType: 15, ggml: 'Q4_K' },
}

/**
 * Writes a random-weight `llama` model that llama.cpp loads and generates with: for benchmarks and
 * CI with nothing to download. Same options and seed give a byte-identical file.
 */
export async function writeTinyLlamaModel(
  file: string,
  opts: TinyModelOptions = {},
): Promise<TinyModelInfo> {
  const spec = tinyLlamaSpec(opts)
  const fileBytes = await writeGguf(file, spec)
  return {
    file,
    fileBytes,
    parameterCount: spec.tensors.reduce((s, x) => s + x.shape.reduce((a, b) => a * b, 1), 0),
    vocabSize: vocabTokens(opts.vocab ?? 'bytes').length,
  }
}

/** The tiny model as bytes, without touching the disk. */
export function encodeTinyLlamaModel(opts: TinyModelOptions = {}): Buffer {
  return encodeGguf(tinyLlamaSpec(opts))
}

function checked(opts: TinyModelOptions) {
  const o = {
    embd: opts.embd ?? 64,
    layers: opts.layers ?? 2,
    ff: opts.ff ?? 128,
    heads: opts.heads ?? 4,
    kvHeads: opts.kvHeads ?? 2,
    type: opts.type ?? 'f32',
    seed: opts.seed ?? 1,
    contextLength: opts.contextLength ?? 2048,
    headerOnly: opts.headerOnly ?? false,
  }
  const positive = (name: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw new UsageError(`tiny model: ${name} must be a whole number from 1 to ${max}, got ${v}`)
  }
  positive('embd', o.embd, 65_536)
  positive('layers', o.layers, 512)
  positive('ff', o.ff, 262_144)
  positive('heads', o.heads, 1024)
  positive('kvHeads', o.kvHeads, 1024)
  positive('contextLength', o.contextLength, 10_000_000)
  if (o.embd % o.heads !== 0 || (o.embd / o.heads) % 2 !== 0)
    throw new UsageError(`tiny model: embd ${o.embd} must split into ${o.heads} heads of even size`)
  if (o.heads % o.kvHeads !== 0)
    throw new UsageError(`tiny model: ${o.kvHeads} KV heads do not divide ${o.heads} heads`)
  const block = o.type === 'q8_0' ? 32 : o.type === 'q4_k' ? 256 : 1
  if (o.embd % block !== 0 || o.ff % block !== 0)
    throw new UsageError(`tiny model: ${o.type} needs embd and ff to be multiples of ${block}`)
  if (o.type === 'q4_k' && !o.headerOnly)
    throw new UsageError('tiny model: q4_k can only be written header-only')
  if (!Number.isInteger(o.seed)) throw new UsageError(`tiny model: seed must be an integer`)
  return o
}

function vocabTokens(vocab: 'bytes' | number): string[] {
  const tokens: string[] = [...SPECIAL_TOKENS]
  for (let b = 0; b < 256; b++) tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)
  // SentencePiece writes a space as U+2581; as a byte sequence it would not detokenize back to " ".
  tokens.push(SPACE_PIECE)
  if (vocab === 'bytes') return tokens
  if (!Number.isInteger(vocab) || vocab < tokens.length || vocab > 1_000_000)
    throw new UsageError(`tiny model: vocab must be "bytes" or ${tokens.length}..1000000 tokens`)
  // Filler pieces: distinct, and SentencePiece-style so the tokenizer stays valid.
  for (let i = tokens.length; i < vocab; i++) tokens.push(`${SPACE_PIECE}t${i}`)
  return tokens
}

function tokenType(token: string, index: number): number {
  if (index === 0) return TOKEN_TYPE.unknown
  if (index < SPECIAL_TOKENS.length) return TOKEN_TYPE.control
  return token.startsWith('<0x') ? TOKEN_TYPE.byte : TOKEN_TYPE.normal
}

/** The full GGUF description of the tiny model (metadata, tensors and their bytes). */
export function tinyLlamaSpec(opts: TinyModelOptions = {}): GgufFileWrite {
  const o = checked(opts)
  const tokens = vocabTokens(opts.vocab ?? 'bytes')
  const headDim = o.embd / o.heads
  const kvDim = headDim * o.kvHeads
  const enc = ENCODING[o.type]
  const rand = mulberry32(o.seed)
  const tensors: GgufTensorWrite[] = []
  const add = (name: string, shape: number[], isNorm = false) => {
    const type = isNorm ? 'F32' : enc.ggml
    if (o.headerOnly) return tensors.push({ name, type, shape })
    const n = shape.reduce((a, b) => a * b, 1)
    const values = new Float32Array(n)
    for (let i = 0; i < n; i++) values[i] = isNorm ? 1 : (rand() * 2 - 1) * WEIGHT_RANGE
    return tensors.push({ name, type, shape, data: encodeValues(values, type) })
  }
  add('token_embd.weight', [o.embd, tokens.length])
  for (let l = 0; l < o.layers; l++) {
    add(`blk.${l}.attn_norm.weight`, [o.embd], true)
    add(`blk.${l}.attn_q.weight`, [o.embd, o.embd])
    add(`blk.${l}.attn_k.weight`, [o.embd, kvDim])
    add(`blk.${l}.attn_v.weight`, [o.embd, kvDim])
    add(`blk.${l}.attn_output.weight`, [o.embd, o.embd])
    add(`blk.${l}.ffn_norm.weight`, [o.embd], true)
    add(`blk.${l}.ffn_gate.weight`, [o.embd, o.ff])
    add(`blk.${l}.ffn_up.weight`, [o.embd, o.ff])
    add(`blk.${l}.ffn_down.weight`, [o.ff, o.embd])
  }
  add('output_norm.weight', [o.embd], true)
  add('output.weight', [o.embd, tokens.length])

  return {
    metadata: {
      'general.architecture': gv.str('llama'),
      'general.name': gv.str(`homelab-ai tiny llama ${o.embd}x${o.layers} (random weights)`),
      'general.file_type': gv.u32(enc.fileType),
      ...(o.type === 'f32' || o.type === 'f16'
        ? {}
        : { 'general.quantization_version': gv.u32(2) }),
      'llama.context_length': gv.u32(o.contextLength),
      'llama.embedding_length': gv.u32(o.embd),
      'llama.block_count': gv.u32(o.layers),
      'llama.feed_forward_length': gv.u32(o.ff),
      'llama.attention.head_count': gv.u32(o.heads),
      'llama.attention.head_count_kv': gv.u32(o.kvHeads),
      'llama.rope.dimension_count': gv.u32(headDim),
      'llama.rope.freq_base': gv.f32(10_000),
      'llama.attention.layer_norm_rms_epsilon': gv.f32(1e-5),
      'llama.vocab_size': gv.u32(tokens.length),
      'tokenizer.ggml.model': gv.str('llama'),
      'tokenizer.ggml.tokens': gv.array('string', tokens),
      'tokenizer.ggml.scores': gv.array(
        'float32',
        tokens.map(() => 0),
      ),
      'tokenizer.ggml.token_type': gv.array(
        'int32',
        tokens.map((t, i) => tokenType(t, i)),
      ),
      'tokenizer.ggml.unknown_token_id': gv.u32(0),
      'tokenizer.ggml.bos_token_id': gv.u32(1),
      'tokenizer.ggml.eos_token_id': gv.u32(2),
      'tokenizer.ggml.add_bos_token': gv.bool(true),
      'tokenizer.ggml.add_eos_token': gv.bool(false),
    },
    tensors,
  }
}

/** Deterministic PRNG (mulberry32): the same seed always gives the same weights. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

function encodeValues(values: Float32Array, type: string): Uint8Array {
  if (type === 'F32') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  if (type === 'F16') {
    const out = Buffer.alloc(values.length * 2)
    values.forEach((v, i) => out.writeUInt16LE(f16Bits(v), i * 2))
    return out
  }
  if (type === 'Q8_0') return quantizeQ8_0(values)
  throw new RangeError(`no encoder for ${type}`)
}

/**
 * Q8_0, as ggml's reference quantizer does it: per 32 weights one f16 scale d = max|x| / 127,
 * then 32 signed bytes round(x / d). 34 bytes per block.
 */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  const blocks = values.length / 32
  const out = Buffer.alloc(blocks * 34)
  for (let b = 0; b < blocks; b++) {
    let amax = 0
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(values[b * 32 + j] ?? 0))
    const d = amax / 127
    const id = d === 0 ? 0 : 1 / d
    out.writeUInt16LE(f16Bits(d), b * 34)
    for (let j = 0; j < 32; j++)
      out.writeInt8(Math.round((values[b * 32 + j] ?? 0) * id), b * 34 + 2 + j)
  }
  return out
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE half-precision bits of a number (round half up; overflow becomes infinity). */
export function f16Bits(v: number): number {
  f32[0] = v
  const bits = u32[0] ?? 0
  const sign = (bits >>> 16) & 0x8000
  const exp = (bits >>> 23) & 0xff
  const mant = bits & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    // Subnormal half: shift the implicit-1 mantissa right; too small becomes signed zero.
    if (e < -10) return sign
    const m = mant | 0x800000
    const shift = 14 - e
    return sign | ((m + (1 << (shift - 1))) >>> shift)
  }
  // Rounding may carry into the exponent, which is the right answer (up to infinity).
  return sign | ((((e << 10) | (mant >>> 13)) + ((mant >>> 12) & 1)) & 0xffff)
}
