import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { InputFileError } from '../../core/errors.js'
import {
  GGUF_VALUE_BYTES,
  GGUF_VALUE_TYPES,
  ggmlTypeById,
  type GgufArraySummary,
  type GgufHeader,
  type GgufMetadataEntry,
  type GgufValue,
  type GgufValueType,
} from './gguf-types.js'
import { summariseGguf, type RawTensor } from './summarise-gguf.js'
import { HeaderReader } from './header-reader.js'

/** Options for `readGgufHeader`. */
export interface ReadGgufHeaderOptions {
  /** Refuse headers (metadata + tensor infos) larger than this; default 256 MiB. */
  readonly maxHeaderBytes?: number
}

/** A 128k-token vocabulary makes a ~2 MB header; 256 MiB is far past any real model. */
const DEFAULT_MAX_HEADER_BYTES = 256 * 2 ** 20
/** Real models have tens of keys and at most a few thousand tensors. */
const MAX_METADATA_ENTRIES = 65_536
const MAX_TENSORS = 100_000
/** ggml's GGML_MAX_DIMS. */
const MAX_DIMS = 4
/** The spec caps keys at 2^16-1 bytes; ggml caps tensor names at 64. */
const MAX_KEY_BYTES = 65_535
const MAX_TENSOR_NAME_BYTES = 4096
/** Nested arrays deeper than this do not occur in real files. */
const MAX_ARRAY_DEPTH = 3
/** What is kept of long values: enough for a chat template, per-layer arrays and a preview. */
const KEEP_STRING_BYTES = 64 * 1024
const KEEP_NUMERIC_ITEMS = 1024
const KEEP_OTHER_ITEMS = 16
const DEFAULT_ALIGNMENT = 32
const MAX_QUOTED_CHARS = 80
const MAGIC = 'GGUF'
/** Smallest encodings, to reject counts the rest of the file cannot hold. */
const MIN_KV_BYTES = 8 + 4 + 1
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8

const utf8 = new TextDecoder('utf-8')

/**
 * Reads a GGUF file's header and tensor infos, never its weights. Reads are bounded and every
 * length is checked against the file size before use, so a malformed or hostile file gives a
 * one-line InputFileError ("model.gguf: truncated at byte N while reading tensor info 12").
 */
export async function readGgufHeader(
  file: string,
  opts: ReadGgufHeaderOptions = {},
): Promise<GgufHeader> {
  const label = path.basename(file)
  let fh: FileHandle
  try {
    fh = await open(file, 'r')
  } catch (e) {
    throw new InputFileError(`${label}: cannot open ${file} (${errorCode(e)})`, { cause: e })
  }
  try {
    const stat = await fh.stat()
    if (!stat.isFile()) throw new InputFileError(`${label}: ${file} is not a regular file`)
    const r = new HeaderReader(
      fh,
      stat.size,
      opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
      label,
    )
    return await parse(r, file)
  } catch (e) {
    if (e instanceof InputFileError) throw e
    throw new InputFileError(`${label}: cannot read ${file} (${errorCode(e)})`, { cause: e })
  } finally {
    await fh.close()
  }
}

function errorCode(e: unknown): string {
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ?? e.message
  return String(e)
}

async function parse(r: HeaderReader, file: string): Promise<GgufHeader> {
  r.what = 'the magic number'
  const magic = (await r.bytes(4)).toString('latin1')
  if (magic !== MAGIC) {
    const old = ['lmgg', 'fmgg', 'tjgg'].includes(magic) ? ' (an old GGML/GGJT file)' : ''
    throw new InputFileError(`${r.label}: not a GGUF file${old}: it does not start with "GGUF"`)
  }
  r.what = 'the version'
  const version = await r.u32()
  // A big-endian file's small version number reads as a multiple of 2^16 here.
  if (version > 0xffff && version % 0x10000 === 0)
    throw new InputFileError(`${r.label}: big-endian GGUF files are not supported`)
  if (version === 1)
    throw new InputFileError(
      `${r.label}: GGUF version 1 (2023) is not supported; convert it again with a current llama.cpp`,
    )
  if (version !== 2 && version !== 3)
    throw new InputFileError(
      `${r.label}: unknown GGUF version ${version} (this tool reads 2 and 3)`,
    )

  r.what = 'the tensor count'
  const tensorCount = count(r, await r.u64(), MIN_TENSOR_INFO_BYTES, MAX_TENSORS, 'tensors')
  r.what = 'the metadata count'
  const kvCount = count(r, await r.u64(), MIN_KV_BYTES, MAX_METADATA_ENTRIES, 'metadata entries')

  const metadata: GgufMetadataEntry[] = []
  const byKey = new Map<string, GgufMetadataEntry>()
  for (let i = 0; i < kvCount; i++) {
    r.what = `metadata entry ${i}`
    const { text: key } = await readString(r, MAX_KEY_BYTES, 'key')
    r.what = `metadata entry ${i} (${quote(key)})`
    if (byKey.has(key)) throw r.fail(`duplicate metadata key ${quote(key)}`)
    const type = await valueType(r)
    const { value, fullBytes } = await readValue(r, type, 0)
    const entry: GgufMetadataEntry =
      fullBytes == null ? { key, type, value } : { key, type, value, fullBytes }
    metadata.push(entry)
    byKey.set(key, entry)
  }

  const alignment = readAlignment(r, byKey.get('general.alignment'))
  const raw: RawTensor[] = []
  for (let i = 0; i < tensorCount; i++) {
    r.what = `tensor info ${i}`
    raw.push(await readTensorInfo(r, alignment))
  }
  const dataOffset = Math.ceil(r.pos / alignment) * alignment
  return summariseGguf({
    file,
    fileBytes: r.fileBytes,
    version,
    alignment,
    dataOffset,
    metadata,
    byKey,
    tensors: raw,
  })
}

/** A name from the file, safe for a one-line message: escaped and cut to a readable length. */
function quote(name: string): string {
  const cut = name.length > MAX_QUOTED_CHARS ? `${name.slice(0, MAX_QUOTED_CHARS)}…` : name
  return JSON.stringify(cut)
}

function count(r: HeaderReader, n: bigint, minBytes: number, max: number, what: string): number {
  const fits = BigInt(Math.floor(r.remaining() / minBytes))
  if (n > fits)
    throw r.fail(`claims ${n} ${what}, more than the ${r.remaining()} bytes left can hold`)
  if (n > BigInt(max)) throw r.fail(`claims ${n} ${what}; more than ${max} is not a real model`)
  return Number(n)
}

async function valueType(r: HeaderReader): Promise<GgufValueType> {
  const at = r.pos
  const id = await r.u32()
  const type = GGUF_VALUE_TYPES[id]
  if (type == null) throw r.fail(`unknown value type ${id}`, at)
  return type
}

async function readString(
  r: HeaderReader,
  maxBytes: number,
  what: string,
): Promise<{ text: string; fullBytes: number }> {
  const at = r.pos
  const len = await r.u64()
  if (len > BigInt(r.remaining()))
    throw r.fail(`${what} of ${len} bytes runs past the end of the file`, at)
  const n = Number(len)
  if (n > maxBytes) throw r.fail(`${what} of ${n} bytes is longer than ${maxBytes}`, at)
  const keep = Math.min(n, KEEP_STRING_BYTES)
  const text = utf8.decode(await r.bytes(keep))
  r.skip(n - keep)
  return { text, fullBytes: n }
}

async function readScalar(r: HeaderReader, type: GgufValueType): Promise<GgufValue> {
  const at = r.pos
  switch (type) {
    case 'uint8':
      return (await r.bytes(1)).readUInt8(0)
    case 'int8':
      return (await r.bytes(1)).readInt8(0)
    case 'uint16':
      return (await r.bytes(2)).readUInt16LE(0)
    case 'int16':
      return (await r.bytes(2)).readInt16LE(0)
    case 'uint32':
      return (await r.bytes(4)).readUInt32LE(0)
    case 'int32':
      return (await r.bytes(4)).readInt32LE(0)
    case 'float32':
      return (await r.bytes(4)).readFloatLE(0)
    case 'float64':
      return (await r.bytes(8)).readDoubleLE(0)
    case 'uint64':
      return safeOrString((await r.bytes(8)).readBigUInt64LE(0))
    case 'int64':
      return safeOrString((await r.bytes(8)).readBigInt64LE(0))
    case 'bool': {
      const b = await r.u8()
      if (b > 1) throw r.fail(`bool value ${b} is neither 0 nor 1`, at)
      return b === 1
    }
    case 'string':
    case 'array':
      throw r.fail(`${type} is not a scalar`, at)
  }
}

function safeOrString(n: bigint): number | string {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(n)
    : n.toString()
}

async function readValue(
  r: HeaderReader,
  type: GgufValueType,
  depth: number,
): Promise<{ value: GgufValue; fullBytes?: number }> {
  if (type === 'string') {
    const { text, fullBytes } = await readString(r, Number.MAX_SAFE_INTEGER, 'string')
    return fullBytes > KEEP_STRING_BYTES ? { value: text, fullBytes } : { value: text }
  }
  if (type === 'array') return { value: await readArray(r, depth) }
  return { value: await readScalar(r, type) }
}

async function readArray(r: HeaderReader, depth: number): Promise<GgufArraySummary> {
  if (depth >= MAX_ARRAY_DEPTH) throw r.fail(`arrays nested deeper than ${MAX_ARRAY_DEPTH}`)
  const elementType = await valueType(r)
  const at = r.pos
  const len = await r.u64()
  const size = GGUF_VALUE_BYTES[elementType]
  const minBytes = size ?? (elementType === 'string' ? 8 : 12)
  if (len > BigInt(Math.floor(r.remaining() / minBytes)))
    throw r.fail(`array of ${len} ${elementType} values runs past the end of the file`, at)
  const length = Number(len)
  const items: GgufValue[] = []
  if (size != null) {
    // Fixed-size elements: read the kept head, skip the rest in one step.
    const keep = Math.min(length, KEEP_NUMERIC_ITEMS)
    for (let i = 0; i < keep; i++) items.push(await readScalar(r, elementType))
    r.skip((length - keep) * size)
    return { elementType, length, items }
  }
  for (let i = 0; i < length; i++) {
    const item =
      elementType === 'string'
        ? (await readString(r, Number.MAX_SAFE_INTEGER, 'string')).text
        : await readArray(r, depth + 1)
    if (i < KEEP_OTHER_ITEMS) items.push(item)
  }
  return { elementType, length, items }
}

function readAlignment(r: HeaderReader, entry: GgufMetadataEntry | undefined): number {
  if (entry == null) return DEFAULT_ALIGNMENT
  const a = entry.value
  if (typeof a !== 'number' || !Number.isInteger(a) || a <= 0 || (a & (a - 1)) !== 0)
    throw new InputFileError(
      `${r.label}: general.alignment ${JSON.stringify(a)} is not a power of two`,
    )
  return a
}

async function readTensorInfo(r: HeaderReader, alignment: number): Promise<RawTensor> {
  const { text: name } = await readString(r, MAX_TENSOR_NAME_BYTES, 'tensor name')
  r.what = `${r.what} (${quote(name)})`
  const dimsAt = r.pos
  const nDims = await r.u32()
  if (nDims > MAX_DIMS) throw r.fail(`${nDims} dimensions (ggml allows ${MAX_DIMS})`, dimsAt)
  const shape: number[] = []
  let elements = 1n
  for (let d = 0; d < nDims; d++) {
    const at = r.pos
    const n = await r.u64()
    elements *= n
    // ggml stores dimensions as int64; anything near 2^53 elements is not a real tensor.
    if (elements > BigInt(Number.MAX_SAFE_INTEGER)) throw r.fail(`absurd tensor dimension ${n}`, at)
    shape.push(Number(n))
  }
  const typeAt = r.pos
  const typeId = await r.u32()
  const offsetAt = r.pos
  const offset = await r.u64()
  if (offset > BigInt(Number.MAX_SAFE_INTEGER))
    throw r.fail(`absurd data offset ${offset}`, offsetAt)
  if (offset % BigInt(alignment) !== 0n)
    throw r.fail(`data offset ${offset} is not a multiple of the alignment ${alignment}`, offsetAt)
  const type = ggmlTypeById(typeId)
  let bytes: number | null = null
  if (type != null) {
    const ne0 = shape[0] ?? 1
    if (ne0 % type.blockElements !== 0)
      throw r.fail(
        `first dimension ${ne0} is not a multiple of the ${type.name} block size ${type.blockElements}`,
        typeAt,
      )
    bytes = (Number(elements) / type.blockElements) * type.blockBytes
  } else if (typeId > 1000) {
    // New ggml types are appended one at a time; a huge id is corruption, not a newer file.
    throw r.fail(`unknown tensor type ${typeId}`, typeAt)
  }
  return { name, typeId, shape, elements: Number(elements), bytes, offset: Number(offset) }
}
