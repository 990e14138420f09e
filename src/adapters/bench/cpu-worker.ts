/**
 * The CPU benchmark's worker, as plain JavaScript for `new Worker(src, { eval: true })` (see
 * worker-team.ts). Each op runs its kernel in slices of 100k iterations until `arg` ms have
 * passed, and reports how many operations it did:
 * - 1 integer: xorshift32 plus a 32-bit multiply-add (4 integer ops per iteration);
 * - 2 float: four independent multiply-add chains on doubles (8 floating-point ops per iteration).
 * The results feed a value the worker posts back, so the JIT cannot drop the loops.
 */
export const CPU_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const control = new Int32Array(workerData.control)
const SLICE = 100000
const now = () => performance.timeOrigin + performance.now()
function integerSlice(seed) {
  let x = seed | 0 || 1
  let acc = 0
  for (let i = 0; i < SLICE; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    acc = (acc + Math.imul(x, 0x9e3779b1)) | 0
  }
  return acc
}
function floatSlice(seed) {
  let a = 1 + seed * 1e-9, b = 1.5, c = 2.5, d = 3.5
  const m = 0.999999, k = 1e-7
  for (let i = 0; i < SLICE; i++) {
    a = a * m + k
    b = b * m + k
    c = c * m + k
    d = d * m + k
  }
  return a + b + c + d
}
let seen = Atomics.load(control, 0)
parentPort.postMessage({ type: 'ready' })
let sink = 0
for (;;) {
  Atomics.wait(control, 0, seen)
  seen = Atomics.load(control, 0)
  const op = Atomics.load(control, 1)
  if (op === 0) break
  const durationMs = Atomics.load(control, 2)
  const startMs = now()
  let slices = 0
  do {
    sink += op === 1 ? integerSlice(slices + seen) : floatSlice(slices + seen)
    slices++
  } while (now() - startMs < durationMs)
  const endMs = now()
  const opsPerIteration = op === 1 ? 4 : 8
  parentPort.postMessage({ startMs, endMs, count: slices * SLICE * opsPerIteration, sink })
}
`
