// npm run bench:probe — the probe's wall time beside systeminformation's for the same facts,
// measured side by side in one run, plus the start time of `homelab-ai --help`.
// Prints figures; asserts nothing (machines are shared and noisy).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 9)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
const ms = (x) => `${x.toFixed(1)} ms`

// One fresh process per run: the cold cost a user pays, module loading included.
const probeScript = `
const t0 = performance.now()
const { probeHardware } = await import(${JSON.stringify(path.join(root, 'dist/adapters/hardware/probe.js'))})
await probeHardware()
console.log(performance.now() - t0)`
const siScript = `
const t0 = performance.now()
const si = (await import('systeminformation')).default
await Promise.all([si.cpu(), si.mem(), si.graphics(), si.blockDevices(), si.fsSize(), si.system(), si.usb()])
console.log(performance.now() - t0)`

function timeScript(code) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(r.stderr)
  return Number(r.stdout.trim().split('\n').pop())
}

function timeHelp() {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli/bin.js'), '--help'], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(r.stderr)
  return performance.now() - t0
}

const cold = { ours: [], si: [], help: [] }
// Interleave the runs so that background load hits both tools alike.
for (let i = 0; i < RUNS; i++) {
  cold.ours.push(timeScript(probeScript))
  cold.si.push(timeScript(siScript))
  cold.help.push(timeHelp())
}

// Warm: in one process, after the first call, as the dashboard's server would probe again.
const { probeHardware } = await import(path.join(root, 'dist/adapters/hardware/probe.js'))
const si = (await import('systeminformation')).default
const warm = { ours: [], si: [] }
// The same systeminformation calls as the fresh-process script above.
const siSameFacts = () =>
  Promise.all([
    si.cpu(),
    si.mem(),
    si.graphics(),
    si.blockDevices(),
    si.fsSize(),
    si.system(),
    si.usb(),
  ])
await probeHardware()
await siSameFacts()
for (let i = 0; i < RUNS; i++) {
  let t0 = performance.now()
  await probeHardware()
  warm.ours.push(performance.now() - t0)
  t0 = performance.now()
  await siSameFacts()
  warm.si.push(performance.now() - t0)
}

const load = (await import('node:os')).loadavg()[0]
console.log(`bench:probe  (${RUNS} runs each, interleaved; 1-min load average ${load.toFixed(2)})`)
console.log(`  full probe, fresh process   median ${ms(median(cold.ours))}   (target < 300 ms)`)
console.log(
  `  systeminformation, same facts (cpu, mem, graphics, blockDevices, fsSize, system, usb)`,
)
console.log(`                    fresh process median ${ms(median(cold.si))}`)
console.log(
  `  ratio systeminformation / homelab-ai: ${(median(cold.si) / median(cold.ours)).toFixed(2)}x`,
)
console.log(
  `  warm (same process): homelab-ai ${ms(median(warm.ours))}, systeminformation ${ms(median(warm.si))}, ratio ${(median(warm.si) / median(warm.ours)).toFixed(2)}x`,
)
console.log(`  homelab-ai --help           median ${ms(median(cold.help))}   (target < 150 ms)`)
