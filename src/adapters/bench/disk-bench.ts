import { randomBytes, randomFillSync } from 'node:crypto'
import {
  closeSync,
  constants,
  fdatasyncSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  statfsSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import type { DiskBenchResult } from '../../core/bench-types.js'
import { roundSignificant } from '../../core/bench-stats.js'
import { HomelabError, UsageError } from '../../core/errors.js'
import { BenchAbortedError } from './worker-team.js'

/** Where SIGINT comes from; `process` in real use, an EventEmitter in tests. */
export interface SignalSource {
  on(event: 'SIGINT', listener: () => void): unknown
  off(event: 'SIGINT', listener: () => void): unknown
}

/** How the disk benchmark runs; every field but `dir` has a real default. */
export interface DiskBenchOptions {
  /** The folder to test: the file system that holds the models. */
  readonly dir: string
  readonly fileBytes?: number
  readonly seqBlockBytes?: number
  readonly randDurationMs?: number
  /** Try O_DIRECT (default true); without it the page cache may answer reads. */
  readonly direct?: boolean
  readonly signal?: AbortSignal
  readonly onProgress?: (fraction: number) => void
  /** Free bytes on the file system; defaults to statfs. */
  readonly freeBytes?: (dir: string) => { freeBytes: number; fsType: number | null }
  readonly sigint?: SignalSource
}

const MiB = 1024 * 1024
const RAND_BLOCK = 4096
/** Room left for everything else on the disk after the test file. */
const RESERVE_BYTES = 512 * MiB
/** How long synchronous IO runs before the event loop gets a turn (Ctrl-C, progress). */
const SLICE_MS = 50

/** f_type magic numbers from statfs(2) for the file systems a homelab is likely to have. */
const FS_TYPES: Record<number, string> = {
  0xef53: 'ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x2fc12fc1: 'zfs',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlay',
  0x6969: 'nfs',
  0xff534d42: 'cifs',
  0xfe534d42: 'smb2',
  0x65735546: 'fuse',
  0x4d44: 'vfat',
  0x5346544e: 'ntfs',
  0x2011bab0: 'exfat',
  0xf15f: 'ecryptfs',
  0x61756673: 'aufs',
  0x73717368: 'squashfs',
}

/**
 * Sequential write and read (1 MiB blocks) and 4 KiB random reads (one at a time) on a test file
 * in `dir`. The file is removed in every case: finished, failed, aborted, or Ctrl-C.
 */
export async function runDiskBench(opts: DiskBenchOptions): Promise<DiskBenchResult> {
  const dir = path.resolve(opts.dir)
  assertFolder(dir)
  const fileBytes = alignDown(opts.fileBytes ?? 1024 * MiB, MiB)
  const blockBytes = alignDown(opts.seqBlockBytes ?? MiB, RAND_BLOCK)
  const randDurationMs = opts.randDurationMs ?? 5000
  if (fileBytes < blockBytes || blockBytes < RAND_BLOCK)
    throw new UsageError(`the disk test file must be at least one ${blockBytes / 1024} KiB block`)
  const { freeBytes, fsType } = (opts.freeBytes ?? statFree)(dir)
  if (freeBytes < fileBytes + RESERVE_BYTES)
    throw new HomelabError(
      `not enough free space in ${dir} for the disk test: it needs ${mib(fileBytes + RESERVE_BYTES)} MiB ` +
        `(a ${mib(fileBytes)} MiB file plus ${mib(RESERVE_BYTES)} MiB to spare) and ${mib(freeBytes)} MiB are free; ` +
        'use --path to pick another folder or --quick for a smaller file',
    )

  const file = path.join(
    dir,
    `.homelab-ai-bench-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  )
  const stop = new AbortController()
  const onSigint = () => stop.abort()
  const onOuterAbort = () => stop.abort()
  const sigint = opts.sigint ?? process
  sigint.on('SIGINT', onSigint)
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true })
  // Last resort if something calls process.exit while the file exists.
  const onExit = () => rmSync(file, { force: true })
  process.once('exit', onExit)
  const notes: string[] = []
  let fd: number | null = null
  try {
    if (opts.signal?.aborted === true) throw new BenchAbortedError()
    const opened = openTestFile(file, opts.direct ?? true)
    fd = opened.fd
    const buffer = opened.buffer
    const direct = opened.direct
    if (!direct) notes.push(opened.reason)
    randomFillSync(buffer)
    const phases = 3
    const progress = (phase: number, share: number) =>
      opts.onProgress?.(Math.min(1, (phase + share) / phases))
    const check = () => {
      if (stop.signal.aborted) throw new BenchAbortedError()
    }
    const ioFd = fd

    // Sequential write, then fdatasync inside the timing, so a write-back cache cannot flatter it.
    const blocks = fileBytes / blockBytes
    let start = performance.now()
    await sliced(
      blocks,
      (i) => writeAll(ioFd, buffer, blockBytes, i * blockBytes),
      check,
      (i) => progress(0, i / blocks),
    )
    fdatasyncSync(ioFd)
    const seqWriteMBps = fileBytes / (performance.now() - start) / 1000

    start = performance.now()
    await sliced(
      blocks,
      (i) => readAll(ioFd, buffer, blockBytes, i * blockBytes),
      check,
      (i) => progress(1, i / blocks),
    )
    const seqReadMBps = fileBytes / (performance.now() - start) / 1000

    const positions = fileBytes / RAND_BLOCK
    let reads = 0
    start = performance.now()
    let elapsed = 0
    while (elapsed < randDurationMs) {
      const sliceEnd = performance.now() + SLICE_MS
      do {
        const position = Math.floor(Math.random() * positions) * RAND_BLOCK
        readAll(ioFd, buffer, RAND_BLOCK, position)
        reads++
      } while (performance.now() < sliceEnd)
      await yieldToEventLoop()
      check()
      elapsed = performance.now() - start
      progress(2, elapsed / randDurationMs)
    }
    const randReadIops = reads / (elapsed / 1000)
    if (!direct)
      notes.push(
        'reads may have come from the page cache (RAM), so read figures can be far above the disk; the write figure includes fdatasync',
      )
    return {
      seqWriteMBps: roundSignificant(seqWriteMBps),
      seqReadMBps: roundSignificant(seqReadMBps),
      randReadIops: roundSignificant(randReadIops),
      randReadLatencyUs: roundSignificant((elapsed * 1000) / reads),
      params: {
        path: dir,
        fileMiB: fileBytes / MiB,
        seqBlockKiB: blockBytes / 1024,
        randBlockKiB: RAND_BLOCK / 1024,
        queueDepth: 1,
        randDurationMs,
        directIo: direct,
        fileSystem: fsType == null ? null : (FS_TYPES[fsType] ?? `0x${fsType.toString(16)}`),
      },
      notes,
    }
  } finally {
    if (fd != null) closeSync(fd)
    rmSync(file, { force: true })
    process.off('exit', onExit)
    sigint.off('SIGINT', onSigint)
    opts.signal?.removeEventListener('abort', onOuterAbort)
  }
}

interface OpenedFile {
  fd: number
  buffer: Buffer
  direct: boolean
  reason: string
}

/**
 * Opens the test file with O_DIRECT when the file system allows it. O_DIRECT also needs a
 * memory buffer aligned to the device's block size, and JavaScript cannot ask for an address:
 * - a WebAssembly memory is page-aligned (V8 maps it on its own pages), so its bytes serve as
 *   the buffer; a 512-byte-aligned buffer would also be accepted, but every 1 MiB request then
 *   spans one page more, which measured up to 2x slower on virtio;
 * - failing that, the first 4 KiB write is tried at successive offsets into a larger buffer
 *   until the kernel accepts one (EINVAL means misaligned).
 */
function openTestFile(file: string, wantDirect: boolean): OpenedFile {
  const base = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL
  const size = 16 * MiB
  const plain = (reason: string): OpenedFile => ({
    fd: openSync(file, base, 0o600),
    buffer: Buffer.alloc(size),
    direct: false,
    reason,
  })
  const directFlag = (constants as { O_DIRECT?: number }).O_DIRECT
  if (!wantDirect) return plain('page cache not bypassed: direct IO was turned off')
  if (directFlag == null)
    return plain(`page cache not bypassed: this platform (${process.platform}) has no O_DIRECT`)
  let fd: number
  try {
    fd = openSync(file, base | directFlag, 0o600)
  } catch (error) {
    if (errno(error) !== 'EINVAL') throw error
    rmSync(file, { force: true })
    return plain(
      'page cache not bypassed: this file system refuses O_DIRECT (tmpfs and overlay do)',
    )
  }
  // WebAssembly memory is page aligned, which O_DIRECT wants. Node has it at run time, but its
  // types live in lib.dom, which Node code does not load.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
  const pageAligned = Buffer.from(new wasm.Memory({ initial: size / 65536 }).buffer)
  const raw = Buffer.alloc(size + 4096)
  const candidates = [
    pageAligned,
    ...Array.from({ length: 512 }, (_, i) => raw.subarray(i * 8, i * 8 + size)),
  ]
  for (const view of candidates) {
    try {
      writeSync(fd, view, 0, RAND_BLOCK, 0)
      return { fd, buffer: view, direct: true, reason: '' }
    } catch (error) {
      if (errno(error) !== 'EINVAL') {
        closeSync(fd)
        throw error
      }
    }
  }
  closeSync(fd)
  rmSync(file, { force: true })
  return plain('page cache not bypassed: O_DIRECT refused every buffer alignment tried')
}

async function sliced(
  count: number,
  work: (i: number) => void,
  check: () => void,
  progress: (done: number) => void,
): Promise<void> {
  let i = 0
  while (i < count) {
    const sliceEnd = performance.now() + SLICE_MS
    do work(i++)
    while (i < count && performance.now() < sliceEnd)
    progress(i)
    await yieldToEventLoop()
    check()
  }
}

function writeAll(fd: number, buffer: Buffer, length: number, position: number): void {
  let done = 0
  while (done < length) done += writeSync(fd, buffer, done, length - done, position + done)
}

function readAll(fd: number, buffer: Buffer, length: number, position: number): void {
  let done = 0
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done)
    if (n === 0)
      throw new HomelabError('the disk test file ended early: another program changed it')
    done += n
  }
}

function statFree(dir: string): { freeBytes: number; fsType: number | null } {
  const stats = statfsSync(dir)
  return { freeBytes: stats.bavail * stats.bsize, fsType: stats.type }
}

function assertFolder(dir: string): void {
  let isDir: boolean
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    throw new UsageError(
      `the disk test folder ${dir} does not exist; pass an existing folder with --path`,
    )
  }
  if (!isDir) throw new UsageError(`${dir} is not a folder; pass a folder with --path`)
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))
const alignDown = (value: number, unit: number) => Math.floor(value / unit) * unit
const mib = (bytes: number) => Math.round(bytes / MiB)
const errno = (error: unknown) => (error as { code?: unknown } | null)?.code

/** The one piece of the WebAssembly API used here. */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer }
}
