/**
 * The memory benchmark's worker, as plain JavaScript run with `new Worker(src, { eval: true })`
 * (see worker-team.ts for why and for the protocol). Ops:
 * - 1 copy: `dst.set(src)`, which V8 turns into one memmove;
 * - 2 write: `dst.fill(n)`, one memset;
 * - 3 read: `Buffer.indexOf` of a byte value the buffer does not hold, which Node runs as one
 *   glibc memchr (SIMD) over the whole buffer: reads only, no writes; a scalar JS sum loop would
 *   measure the JIT (about half the bandwidth C reaches), not the memory.
 * Both buffers are filled once before the first round, so page faults are not timed.
 */
export const MEMORY_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const control = new Int32Array(workerData.control)
const bytes = workerData.bytes
const src = new Uint8Array(bytes)
const dst = new Uint8Array(bytes)
src.fill(1)
dst.fill(2)
// src holds only 1s, so searching for 0xff scans every byte.
const scan = Buffer.from(src.buffer, src.byteOffset, src.byteLength)
const now = () => performance.timeOrigin + performance.now()
// Read the round number before saying ready: the main thread may start round 1 right after.
let seen = Atomics.load(control, 0)
parentPort.postMessage({ type: 'ready' })
for (;;) {
  Atomics.wait(control, 0, seen)
  seen = Atomics.load(control, 0)
  const op = Atomics.load(control, 1)
  if (op === 0) break
  const startMs = now()
  if (op === 1) dst.set(src)
  else if (op === 2) dst.fill(seen & 0xff)
  let found = 0
  if (op === 3) found = scan.indexOf(0xff)
  const endMs = now()
  parentPort.postMessage({ startMs, endMs, count: found === -1 ? 0 : 1 })
}
`
