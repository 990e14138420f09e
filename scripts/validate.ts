/**
 * `npm run validate`: scores the fit-and-speed engine against the public llama-bench rows in
 * catalog/validation/measurements.csv. Prints, for decode and prefill, the median and 90th
 * percentile absolute percentage error for fitted and held-out rows, per vendor, next to a
 * simple public baseline; and the share of fit/OOM verdicts that are right. Exit code 0 always:
 * it reports, the targets are judged by people (and printed as MET / MISSED).
 */
import { loadCases, loadEfficiency } from './validation-rows.js'
import { ape, quantile, scoreAll, type Scored } from './validation-score.js'

const TARGETS = { decodeMedian: 10, decodeP90: 25, prefillMedian: 20, verdicts: 97 }

function pct(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(1)}%` : '-'
}

function line(label: string, rows: readonly Scored[], kind: 'decode' | 'prefill'): string {
  const ok = rows.filter((s) => s.c.kind === kind && s.c.measured != null && !s.c.oom)
  const eng = ok
    .filter((s) => s.predicted != null && s.predicted > 0)
    .map((s) => ape(s.predicted ?? 0, s.c.measured ?? 1))
  const base = ok
    .filter((s) => s.baseline != null)
    .map((s) => ape(s.baseline ?? 0, s.c.measured ?? 1))
  const noRun = ok.length - eng.length
  return `${label.padEnd(22)} n=${String(ok.length).padStart(3)}  engine median ${pct(quantile(eng, 0.5)).padStart(7)} p90 ${pct(quantile(eng, 0.9)).padStart(7)}   baseline median ${pct(quantile(base, 0.5)).padStart(7)} p90 ${pct(quantile(base, 0.9)).padStart(7)}${noRun > 0 ? `  (${noRun} predicted not to run)` : ''}`
}

function verdicts(rows: readonly Scored[]): { right: number; total: number; wrong: string[] } {
  let right = 0
  const wrong: string[] = []
  for (const s of rows) {
    const ok = s.c.oom ? !s.fits : s.fits
    if (ok) right++
    else
      wrong.push(
        `${s.c.id} (${s.c.oom ? 'oom' : 'ran'}, engine said ${s.fits ? 'fits' : 'does not fit'}: ${s.c.row.device} ${s.c.row.model} ${s.c.row.test})`,
      )
  }
  return { right, total: rows.length, wrong }
}

function mark(ok: boolean): string {
  return ok ? 'MET' : 'MISSED'
}

const loaded = await loadCases()
const scored = scoreAll(loaded, await loadEfficiency())
console.log(`Validation: ${scored.length} rows scored, ${loaded.skipped.length} skipped`)
for (const s of loaded.skipped) console.log(`  skipped ${s.id}: ${s.why}`)
for (const kind of ['decode', 'prefill'] as const) {
  console.log(`\n${kind === 'decode' ? 'Decode (tg)' : 'Prefill (pp)'}: absolute percentage error`)
  for (const [label, held] of [
    ['fitted rows', false],
    ['HELD-OUT rows', true],
  ] as const) {
    const set = scored.filter((s) => s.c.heldOut === held)
    console.log(line(label, set, kind))
    for (const v of ['nvidia', 'amd', 'apple', 'intel', 'cpu'])
      console.log(
        line(
          `  ${v}`,
          set.filter((s) => s.c.vendor === v),
          kind,
        ),
      )
  }
}
const v = verdicts(scored)
console.log(`\nFit verdicts right: ${v.right}/${v.total} = ${pct((100 * v.right) / v.total)}`)
const oomRows = scored.filter((s) => s.c.oom)
console.log(`  of which OOM rows right: ${oomRows.filter((s) => !s.fits).length}/${oomRows.length}`)
for (const w of v.wrong) console.log(`  wrong: ${w}`)

const errs = (held: boolean, kind: 'decode' | 'prefill') =>
  scored
    .filter(
      (s) =>
        s.c.heldOut === held &&
        s.c.kind === kind &&
        s.c.measured != null &&
        s.predicted != null &&
        s.predicted > 0,
    )
    .map((s) => ape(s.predicted ?? 0, s.c.measured ?? 1))
console.log('\nTargets (fitted rows / held-out rows):')
for (const held of [false, true]) {
  const tag = held ? 'held-out' : 'fitted'
  const d = errs(held, 'decode')
  const p = errs(held, 'prefill')
  console.log(
    `  ${tag.padEnd(9)} decode median ${pct(quantile(d, 0.5))} <= ${TARGETS.decodeMedian}%: ${mark(quantile(d, 0.5) <= TARGETS.decodeMedian)}; decode p90 ${pct(quantile(d, 0.9))} <= ${TARGETS.decodeP90}%: ${mark(quantile(d, 0.9) <= TARGETS.decodeP90)}; prefill median ${pct(quantile(p, 0.5))} <= ${TARGETS.prefillMedian}%: ${mark(quantile(p, 0.5) <= TARGETS.prefillMedian)}`,
  )
}
console.log(
  `  verdicts ${pct((100 * v.right) / v.total)} >= ${TARGETS.verdicts}%: ${mark((100 * v.right) / v.total >= TARGETS.verdicts)}`,
)
if (process.argv.includes('--rows'))
  for (const s of scored)
    console.log(
      [
        s.c.id,
        s.c.heldOut ? 'H' : 'F',
        s.c.vendor,
        s.c.row.backend,
        s.c.row.device,
        s.c.row.model,
        s.c.row.test,
        s.c.measured,
        s.predicted?.toFixed(1),
        s.baseline?.toFixed(1),
        s.placement,
        `${s.gpuLayers}/${s.layers}`,
      ].join(' | '),
    )
