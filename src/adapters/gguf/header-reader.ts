import type { FileHandle } from 'node:fs/promises'
import { InputFileError } from '../../core/errors.js'

/** Bytes read from the file at a time: the reader never holds more than this of the header. */
const CHUNK_BYTES = 1 << 20

/**
 * A forward-only, bounded view of a file: it reads one chunk at a time and refuses to go past the
 * end of the file or past `limitBytes`. Every failure names the byte and what was being read.
 */
export class HeaderReader {
  private buf: Buffer = Buffer.alloc(0)
  private bufStart = 0
  /** Absolute file position of the next byte to read. */
  pos = 0
  /** What is being read, for error messages ("tensor info 12"). */
  what = 'the header'

  constructor(
    private readonly fh: FileHandle,
    readonly fileBytes: number,
    readonly limitBytes: number,
    readonly label: string,
  ) {}

  /** Bytes left in the file after `pos`. */
  remaining(): number {
    return this.fileBytes - this.pos
  }

  /** An InputFileError that says where and while reading what. */
  fail(why: string, at = this.pos): InputFileError {
    return new InputFileError(`${this.label}: ${why} at byte ${at} while reading ${this.what}`)
  }

  /** Checks that `n` more bytes exist and stay inside the header limit. */
  private check(n: number): void {
    if (this.pos + n > this.fileBytes)
      throw new InputFileError(
        `${this.label}: truncated at byte ${this.fileBytes} while reading ${this.what}`,
      )
    if (this.pos + n > this.limitBytes)
      throw new InputFileError(
        `${this.label}: the header is larger than the ${this.limitBytes}-byte limit ` +
          `(at byte ${this.pos} while reading ${this.what})`,
      )
  }

  /** Makes `[pos, pos + n)` available in the buffer; `n` is at most one chunk. */
  private async fill(n: number): Promise<Buffer> {
    this.check(n)
    const offset = this.pos - this.bufStart
    if (offset >= 0 && offset + n <= this.buf.length) return this.buf
    const len = Math.min(Math.max(n, CHUNK_BYTES), this.fileBytes - this.pos)
    const b = Buffer.allocUnsafe(len)
    const { bytesRead } = await this.fh.read(b, 0, len, this.pos)
    // The file shrank since it was measured: same answer as a cut-off file.
    if (bytesRead < n)
      throw new InputFileError(
        `${this.label}: truncated at byte ${this.pos + bytesRead} while reading ${this.what}`,
      )
    this.buf = b.subarray(0, bytesRead)
    this.bufStart = this.pos
    return this.buf
  }

  /** Reads `n` bytes (at most one chunk) and advances. */
  async bytes(n: number): Promise<Buffer> {
    const b = await this.fill(n)
    const at = this.pos - this.bufStart
    this.pos += n
    return b.subarray(at, at + n)
  }

  /** Advances `n` bytes without reading them. */
  skip(n: number): void {
    this.check(n)
    this.pos += n
  }

  async u8(): Promise<number> {
    return (await this.bytes(1)).readUInt8(0)
  }

  async u32(): Promise<number> {
    return (await this.bytes(4)).readUInt32LE(0)
  }

  async u64(): Promise<bigint> {
    return (await this.bytes(8)).readBigUInt64LE(0)
  }
}
