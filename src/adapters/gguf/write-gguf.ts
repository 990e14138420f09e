import { writeFile } from 'node:fs/promises'
import { GGUF_VALUE_TYPES, ggmlTypeByName, type GgufValueType } from './gguf-types.js'

/** A scalar to write; 64-bit integers may be bigint. */
export type GgufScalarWrite = number | bigint | boolean | string

/** A metadata value with its GGUF type. */
export type GgufWriteValue =
  | { readonly type: Exclude<GgufValueType, 'array'>; readonly value: GgufScalarWrite }
  | GgufArrayWrite

/** An array: scalars of one type, or nested arrays. */
export type GgufArrayWrite =
  | {
      readonly type: 'array'
      readonly elementType: Exclude<GgufValueType, 'array'>
      readonly values: readonly GgufScalarWrite[]
    }
  | {
      readonly type: 'array'
      readonly elementType: 'array'
      readonly values: readonly GgufArrayWrite[]
    }

/** One tensor: a known ggml type, `ne0`-first shape and its encoded bytes (omit for header-only). */
export interface GgufTensorWrite {
  readonly name: string
  readonly type: string
  readonly shape: readonly number[]
  readonly data?: Uint8Array
}

/** A whole file. Without tensor data, only the header is written (tensors point past the end). */
export interface GgufFileWrite {
  readonly metadata: Readonly<Record<string, GgufWriteValue>>
  readonly tensors: readonly GgufTensorWrite[]
  /** Data alignment; a value other than 32 is recorded as `general.alignment`. */
  readonly alignment?: number
}

/** Growable little-endian byte buffer. */
class ByteSink {
  private buf = Buffer.alloc(4096)
  length = 0

  /** Reserves `n` bytes and returns where they start (call before touching `buf`: it may move). */
  private room(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n))
      this.buf.copy(next, 0, 0, this.length)
      this.buf = next
    }
    const at = this.length
    this.length += n
    return at
  }

  u8(v: number): void {
    const at = this.room(1)
    this.buf.writeUInt8(v, at)
  }
  i8(v: number): void {
    const at = this.room(1)
    this.buf.writeInt8(v, at)
  }
  u16(v: number): void {
    const at = this.room(2)
    this.buf.writeUInt16LE(v, at)
  }
  i16(v: number): void {
    const at = this.room(2)
    this.buf.writeInt16LE(v, at)
  }
  u32(v: number): void {
    const at = this.room(4)
    this.buf.writeUInt32LE(v, at)
  }
  i32(v: number): void {
    const at = this.room(4)
    this.buf.writeInt32LE(v, at)
  }
  f32(v: number): void {
    const at = this.room(4)
    this.buf.writeFloatLE(v, at)
  }
  f64(v: number): void {
    const at = this.room(8)
    this.buf.writeDoubleLE(v, at)
  }
  u64(v: number | bigint): void {
    const at = this.room(8)
    if (typeof v === 'bigint') this.buf.writeBigUInt64LE(v, at)
    else {
      // Two 32-bit halves: exact below 2^53 and much faster than going through BigInt.
      this.buf.writeUInt32LE(v % 2 ** 32, at)
      this.buf.writeUInt32LE(Math.floor(v / 2 ** 32), at + 4)
    }
  }
  i64(v: number | bigint): void {
    const at = this.room(8)
    this.buf.writeBigInt64LE(BigInt(v), at)
  }
  bytes(b: Uint8Array): void {
    const at = this.room(b.length)
    this.buf.set(b, at)
  }
  string(s: string): void {
    const n = Buffer.byteLength(s, 'utf8')
    this.u64(n)
    const at = this.room(n)
    this.buf.write(s, at, 'utf8')
  }
  padTo(alignment: number): void {
    this.room((alignment - (this.length % alignment)) % alignment)
  }
  result(): Buffer {
    return this.buf.subarray(0, this.length)
  }
}

function writeScalar(out: ByteSink, type: Exclude<GgufValueType, 'array'>, v: GgufScalarWrite) {
  const n = (): number => {
    if (typeof v !== 'number') throw new TypeError(`a ${type} value must be a number`)
    return v
  }
  const big = (): number | bigint => {
    if (typeof v !== 'number' && typeof v !== 'bigint')
      throw new TypeError(`a ${type} value must be a number or bigint`)
    return v
  }
  switch (type) {
    case 'uint8':
      return out.u8(n())
    case 'int8':
      return out.i8(n())
    case 'uint16':
      return out.u16(n())
    case 'int16':
      return out.i16(n())
    case 'uint32':
      return out.u32(n())
    case 'int32':
      return out.i32(n())
    case 'float32':
      return out.f32(n())
    case 'float64':
      return out.f64(n())
    case 'uint64':
      return out.u64(big())
    case 'int64':
      return out.i64(big())
    case 'bool':
      if (typeof v !== 'boolean') throw new TypeError('a bool value must be a boolean')
      return out.u8(v ? 1 : 0)
    case 'string':
      if (typeof v !== 'string') throw new TypeError('a string value must be a string')
      return out.string(v)
  }
}

function writeValue(out: ByteSink, v: GgufWriteValue): void {
  if (v.type !== 'array') return writeScalar(out, v.type, v.value)
  out.u32(GGUF_VALUE_TYPES.indexOf(v.elementType))
  out.u64(v.values.length)
  if (v.elementType === 'array') for (const item of v.values) writeValue(out, item)
  else for (const item of v.values) writeScalar(out, v.elementType, item)
}

/** Bytes a tensor of this ggml type and shape occupies. */
export function tensorBytes(type: string, shape: readonly number[]): number {
  const info = ggmlTypeByName(type)
  if (info == null) throw new RangeError(`unknown ggml type ${type}`)
  const elements = shape.reduce((a, b) => a * b, 1)
  if ((shape[0] ?? 1) % info.blockElements !== 0)
    throw new RangeError(
      `${type} needs the first dimension to be a multiple of ${info.blockElements}`,
    )
  return (elements / info.blockElements) * info.blockBytes
}

/** Encodes a GGUF v3 file (little-endian): header, metadata, tensor infos, aligned tensor data. */
export function encodeGguf(spec: GgufFileWrite): Buffer {
  const alignment = spec.alignment ?? 32
  const metadata: Record<string, GgufWriteValue> = { ...spec.metadata }
  if (alignment !== 32) metadata['general.alignment'] = { type: 'uint32', value: alignment }
  const withData = spec.tensors.filter((x) => x.data != null).length
  if (withData !== 0 && withData !== spec.tensors.length)
    throw new RangeError('give data for every tensor, or for none (header-only)')

  const out = new ByteSink()
  out.bytes(Buffer.from('GGUF', 'latin1'))
  out.u32(3)
  out.u64(spec.tensors.length)
  out.u64(Object.keys(metadata).length)
  for (const [key, value] of Object.entries(metadata)) {
    out.string(key)
    out.u32(GGUF_VALUE_TYPES.indexOf(value.type))
    writeValue(out, value)
  }
  let offset = 0
  for (const x of spec.tensors) {
    const bytes = tensorBytes(x.type, x.shape)
    if (x.data != null && x.data.length !== bytes)
      throw new RangeError(`tensor ${x.name}: ${x.data.length} bytes given, ${bytes} expected`)
    out.string(x.name)
    out.u32(x.shape.length)
    for (const d of x.shape) out.u64(d)
    out.u32(ggmlTypeByName(x.type)?.id ?? 0)
    out.u64(offset)
    offset += Math.ceil(bytes / alignment) * alignment
  }
  out.padTo(alignment)
  if (withData === 0) return out.result()
  // The data section starts aligned and each tensor is padded, so offsets match the infos.
  for (const x of spec.tensors) {
    out.padTo(alignment)
    if (x.data != null) out.bytes(x.data)
  }
  out.padTo(alignment)
  return out.result()
}

/** Writes a GGUF file; returns its size in bytes. */
export async function writeGguf(file: string, spec: GgufFileWrite): Promise<number> {
  const bytes = encodeGguf(spec)
  await writeFile(file, bytes)
  return bytes.length
}

/** Shorthands for metadata values. */
export const gv = {
  u32: (value: number): GgufWriteValue => ({ type: 'uint32', value }),
  i32: (value: number): GgufWriteValue => ({ type: 'int32', value }),
  f32: (value: number): GgufWriteValue => ({ type: 'float32', value }),
  bool: (value: boolean): GgufWriteValue => ({ type: 'bool', value }),
  str: (value: string): GgufWriteValue => ({ type: 'string', value }),
  array: (
    elementType: Exclude<GgufValueType, 'array'>,
    values: readonly GgufScalarWrite[],
  ): GgufWriteValue => ({ type: 'array', elementType, values }),
}
