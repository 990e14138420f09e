/**
 * Fits the efficiency factors of catalog/speed-efficiency.json on the given rows of
 * catalog/validation/measurements.csv (never the held-out sources: README "Held-out sources").
 * scripts/fit-efficiency.ts writes the result to the catalog; validate.ts refits it once per
 * source for the leave-one-source-out check.
 *
 * Method:
 * 1. Run the engine with every factor at 1 (no overhead, no per-thread cap), which gives the
 *    ideal time per token A (bytes / datasheet bandwidth) and ideal prefill speed of each row.
 * 2. Decode, per vendor/backend group of rows that ran fully on GPUs: measured time per token
 *    t ~ A / eta + layers x overhead. Weighted least squares on relative error gives 1/eta and
 *    the overhead (clamped at >= 0); groups with under 4 rows fit eta alone with the vendor's
 *    pooled overhead.
 * 3. Prefill: eta_pp = median of ideal time / (measured time - the group's per-layer overhead x
 *    layers / micro-batch) per group: each micro-batch pays the fixed per-layer cost once.
 * 4. CPU-only rows: grid search of eta and the per-thread rate (GB/s per GHz of clock)
 *    minimising the median absolute log error; eta_pp as in 3.
 * 5. Partial pooling: each vendor's factors are pulled towards the all-GPU fit, and each group's
 *    towards its vendor's, by SHRINK pseudo-rows.
 * 6. Mixture-of-experts decode rows are left out of 2-4 and give one factor of their own: the
 *    median measured / predicted speed under the dense factors.
 * Groups are vendor/backend, except Apple Max/Ultra GPUs (`apple-max/metal`) and HBM boards
 * (`nvidia-hbm/cuda`, `amd-hbm/rocm`), see efficiencyGroup in src/core/speed-efficiency.ts.
 * Groups with fewer than 2 rows are not written; lookups then fall back to vendor/*, then to
 * the pooled fallback.
 */
import {
  architectureKey,
  efficiencyGroup,
  type CpuFamilyEfficiency,
  type EfficiencyEntry,
  type SpeedEfficiency,
} from '../src/core/speed-efficiency.js'
import { cpuFamily, hostOverheadScale, reportedClockGHz } from '../src/core/fit-cpu.js'
import { resolveGpuName } from '../src/core/gpu-name.js'
import type { Case, Loaded } from './validation-rows.js'
import { quantile, scoreAll, type Scored } from './validation-score.js'

const MIN_ROWS = 2
const MIN_ROWS_OVERHEAD = 4
// Pseudo-rows of partial pooling, chosen by the all-out-of-sample medians (npm run validate,
// 418 rows): decode 14.7% at 2, 14.4% at 4, 13.7% at 8, 15.1% at 16; prefill 26.1%, 26.4%,
// 25.1%, 24.9%. 8 is the best of both together (on the first 327 rows it was 4).
const SHRINK = 8

// Layers weighted by the host's per-layer cost (hostOverheadScale in src/core/fit-cpu.ts), so
// the fitted overhead is the one of a reference desktop host.
function hostLayers(s: Scored): number {
  return s.layers * hostOverheadScale(reportedClockGHz(s.c.hw))
}

function unit(keys: readonly string[], attention = 1, width = 0): SpeedEfficiency {
  const e = (key: string): EfficiencyEntry => ({
    key,
    decode: 1,
    decodeOverheadUsPerLayer: 0,
    prefill: 1,
    rows: 0,
    source: 'unit',
  })
  return {
    schemaVersion: 1,
    derivation: 'unit',
    entries: keys.map(e),
    cpu: { decode: 1, prefill: 1, perThreadGBpsPerGHz: 1000, rows: 0, source: 'unit' },
    moeDecode: { factor: 1, rows: 0, source: 'unit' },
    moePrefill: { factor: 1, rows: 0, source: 'unit' },
    attentionPrefill: { factor: attention, rows: 0, source: 'unit' },
    prefillWidthOverhead: { factor: width, rows: 0, source: 'unit' },
    fallback: e('*/*'),
  }
}

/** Median absolute log error of the engine's figures: the grid searches' yardstick. */
function medianLogError(scored: readonly Scored[]): number {
  return quantile(
    scored.map((s) => Math.abs(Math.log((s.predicted ?? 1e-9) / (s.c.measured ?? 1)))),
    0.5,
  )
}

const isMoe = (c: Case) => c.req.model.moe != null
const CPU_FAMILIES = ['apple', 'arm', 'x86'] as const

/**
 * CPU-only decode: grid search of eta and the per-thread rate (GB/s per GHz of clock) on the
 * dense CPU decode rows. Decode does not depend on the attention factor, so it is fitted once.
 * A CPU row's time per token is its bytes over min(eta x RAM bandwidth, threads x clock x rate),
 * so two engine runs give every grid point: one RAM-bound at eta 1, one thread-bound at a rate of
 * 0.01 (far below any RAM's pull); each scales linearly in its knob.
 */
function fitCpuDecode(loaded: Loaded, rows: readonly Case[]): { eta: number; pt: number } {
  const run = (eta: number, pt: number) =>
    scoreAll(
      { ...loaded, cases: rows },
      {
        ...unit([]),
        cpu: { decode: eta, prefill: 1, perThreadGBpsPerGHz: pt, rows: 0, source: 'grid' },
      },
    )
  const PT0 = 0.01
  const ramBound = run(1, 1e6)
  const threadBound = run(1, PT0)
  let best = { eta: 0.6, pt: 10, err: Number.POSITIVE_INFINITY }
  const errs = new Array<number>(rows.length)
  for (let eta = 0.2; eta <= 1.0001; eta += 0.02)
    for (let pt = 0.5; pt <= 12.0001; pt += 0.1) {
      for (let i = 0; i < rows.length; i++) {
        const ram = ramBound[i]?.predicted
        const thr = threadBound[i]?.predicted
        const pred = ram == null || thr == null ? 1e-9 : Math.min(ram * eta, (thr * pt) / PT0)
        errs[i] = Math.abs(Math.log(pred / (rows[i]?.measured ?? 1)))
      }
      const err = quantile(errs, 0.5)
      if (err < best.err) best = { eta, pt, err }
    }
  return best
}

// Attention-cost factors tried; the one whose full fit has the smallest median absolute log
// error over all dense prefill rows is kept. (Judged on the long-prompt rows alone it picked 6
// on the first 275 rows, which predicted unseen sources no better: 24.1% vs 25.1% prefill
// median leave-one-source-out, 29.2% vs 26.4% held-out.)
const ATTENTION_GRID = [1, 1.5, 2, 3, 4, 6, 8, 12]
// Width overheads tried (h-proportional prompt work in units of the hidden size, see
// prefillWidthOverhead in src/core/speed-efficiency.ts), chosen jointly with the attention cost
// by the same yardstick.
const WIDTH_GRID = [0, 1024, 2048, 4096, 8192]

/** The efficiency table fitted on `fitted` (measured, not out-of-memory, never held-out rows). */
export function fitEfficiency(loaded: Loaded, fitted: readonly Case[]): SpeedEfficiency {
  let best: { table: SpeedEfficiency; err: number } | null = null
  const dense = fitted.filter((c) => c.kind === 'prefill' && !isMoe(c))
  const cpuRows = fitted.filter((c) => c.vendor === 'cpu' && !isMoe(c) && c.kind === 'decode')
  const cpuDecode = {
    ...fitCpuDecode(loaded, cpuRows),
    families: CPU_FAMILIES.map((family) => {
      const rows = cpuRows.filter((c) => cpuFamily(c.hw) === family)
      const sources = new Set(rows.map((c) => c.source)).size
      return {
        family,
        rows,
        own: rows.length >= MIN_ROWS_OVERHEAD && sources >= 2 ? fitCpuDecode(loaded, rows) : null,
      }
    }),
  }
  for (const attention of ATTENTION_GRID)
    for (const width of WIDTH_GRID) {
      const table = fitWithAttention(loaded, fitted, attention, width, cpuDecode)
      const err = medianLogError(scoreAll({ ...loaded, cases: dense }, table))
      if (best == null || err < best.err) best = { table, err }
    }
  if (best == null) throw new Error('no attention factor tried')
  const grid = `attention ${ATTENTION_GRID.join('/')} x width ${WIDTH_GRID.join('/')}`
  return {
    ...best.table,
    attentionPrefill: {
      factor: best.table.attentionPrefill.factor,
      rows: dense.length,
      source: `grid ${grid}: smallest median log error over ${dense.length} dense prefill rows`,
    },
    prefillWidthOverhead: {
      factor: best.table.prefillWidthOverhead?.factor ?? 0,
      rows: dense.length,
      source: `grid ${grid}: smallest median log error over ${dense.length} dense prefill rows`,
    },
  }
}

function fitWithAttention(
  loaded: Loaded,
  fitted: readonly Case[],
  attention: number,
  width: number,
  cpuDecode: {
    readonly eta: number
    readonly pt: number
    readonly families: readonly {
      family: string
      rows: readonly Case[]
      own: { eta: number; pt: number } | null
    }[]
  },
): SpeedEfficiency {
  const groupOf = (s: Scored) => {
    const name = s.c.hw.gpus[0]?.name ?? ''
    return efficiencyGroup(s.c.vendor, name, resolveGpuName(loaded.data.gpus, name)?.memoryType)
  }
  const keyOf = (s: Scored) => `${groupOf(s)}/${s.c.req.backend ?? 'cpu'}`
  const archKeyOf = (s: Scored) => {
    const arch = resolveGpuName(loaded.data.gpus, s.c.hw.gpus[0]?.name ?? '')?.architecture
    return arch == null ? null : architectureKey(groupOf(s), arch, s.c.req.backend ?? 'cpu')
  }
  const ideal = scoreAll({ ...loaded, cases: fitted }, unit([], attention, width))
  // Dense and MoE rows are fitted apart: MoE rows would drag a vendor's dense factor down.
  const gpuRows = ideal.filter(
    (s) =>
      !isMoe(s.c) &&
      s.c.vendor !== 'cpu' &&
      (s.placement === 'gpu' || s.placement === 'multi-gpu') &&
      s.predicted != null,
  )

  function fitDecode(
    rows: readonly Scored[],
    fixedOverhead: number | null,
  ): { eta: number; overheadUs: number } {
    // t_i = A_i x + L_i o; minimise sum((A x + L o - t)^2 / t^2).
    let saa = 0,
      sal = 0,
      sll = 0,
      sat = 0,
      slt = 0
    for (const s of rows) {
      const t = 1 / (s.c.measured ?? 1)
      const a = 1 / (s.predicted ?? 1)
      const l = hostLayers(s)
      const w = 1 / (t * t)
      saa += w * a * a
      sal += w * a * l
      sll += w * l * l
      sat += w * a * t
      slt += w * l * t
    }
    if (fixedOverhead == null) {
      const det = saa * sll - sal * sal
      if (Math.abs(det) > 1e-30) {
        const x = (sat * sll - sal * slt) / det
        const o = (saa * slt - sal * sat) / det
        if (o >= 0 && x >= 1) return { eta: 1 / x, overheadUs: o * 1e6 }
        // More than the datasheet bandwidth is impossible: hold eta at 1 and fit the overhead alone.
        if (o >= 0 && x > 0) {
          let n = 0,
            d = 0
          for (const s of rows) {
            const t = 1 / (s.c.measured ?? 1)
            const a = 1 / (s.predicted ?? 1)
            n += (hostLayers(s) * (t - a)) / (t * t)
            d += (hostLayers(s) * hostLayers(s)) / (t * t)
          }
          return { eta: 1, overheadUs: Math.max(0, n / d) * 1e6 }
        }
      }
    }
    const o = fixedOverhead ?? 0
    let num = 0,
      den = 0
    for (const s of rows) {
      const t = 1 / (s.c.measured ?? 1)
      const a = 1 / (s.predicted ?? 1)
      num += (a * (t - hostLayers(s) * o)) / (t * t)
      den += (a * a) / (t * t)
    }
    // Capped at 1: no run reads faster than the datasheet bandwidth.
    return { eta: Math.min(1, den / Math.max(num, 1e-12)), overheadUs: o * 1e6 }
  }

  function fitPrefill(rows: readonly Scored[], overheadUs = 0): number {
    const ratios: number[] = []
    for (const s of rows) {
      const u = Math.min(512, s.c.req.promptTokens ?? 512)
      const fixed = (hostLayers(s) * overheadUs) / 1e6 / u
      const left = 1 / (s.c.measured ?? 1) - fixed
      // A row faster than the fixed cost alone allows says nothing about the FLOPS share.
      if (left > 0) ratios.push(1 / (s.predicted ?? 1) / left)
    }
    return quantile(ratios, 0.5)
  }

  function group<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
    const m = new Map<string, T[]>()
    for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x])
    return m
  }

  const ids = (rows: readonly Scored[]) => rows.map((s) => s.c.id).join(' ')
  const entries: EfficiencyEntry[] = []
  const vendorOverhead = new Map<string, number>()
  for (const [vendor, rows] of group(
    gpuRows.filter((s) => s.c.kind === 'decode'),
    (s) => s.c.vendor,
  ))
    if (rows.length >= MIN_ROWS_OVERHEAD)
      vendorOverhead.set(vendor, fitDecode(rows, null).overheadUs / 1e6)

  function entryFor(
    key: string,
    rows: readonly Scored[],
    vendor: string | null,
  ): EfficiencyEntry | null {
    const dec = rows.filter((s) => s.c.kind === 'decode')
    const pre = rows.filter((s) => s.c.kind === 'prefill')
    if (dec.length < MIN_ROWS && pre.length < MIN_ROWS) return null
    const pooled = vendor == null ? null : (vendorOverhead.get(vendor) ?? 0)
    const d =
      dec.length >= MIN_ROWS
        ? fitDecode(dec, dec.length >= MIN_ROWS_OVERHEAD ? null : pooled)
        : null
    const all = gpuRows.filter(
      (s) => s.c.kind === 'decode' && (vendor == null || s.c.vendor === vendor),
    )
    const dd =
      d ?? fitDecode(all.length > 0 ? all : gpuRows.filter((s) => s.c.kind === 'decode'), pooled)
    const p =
      pre.length >= MIN_ROWS
        ? fitPrefill(pre, dd.overheadUs)
        : fitPrefill(
            gpuRows.filter(
              (s) => s.c.kind === 'prefill' && (vendor == null || s.c.vendor === vendor),
            ),
            dd.overheadUs,
          )
    return {
      key,
      decode: Number(dd.eta.toFixed(3)),
      decodeOverheadUsPerLayer: Number(dd.overheadUs.toFixed(2)),
      prefill: Number(p.toFixed(3)),
      rows: dec.length + pre.length,
      source: `fitted on ${dec.length} decode + ${pre.length} prefill rows: ${ids([...dec, ...pre])}`,
    }
  }

  // Partial pooling: a group's factors are pulled towards its parent's (vendor, then all GPUs)
  // by SHRINK pseudo-rows, so a group fitted on two or three rows of one thread cannot drift far
  // on that thread's quirks; a group with many rows keeps its own figures.
  const shrink = (own: EfficiencyEntry, parent: EfficiencyEntry, dec: number, pre: number) => {
    const wd = dec / (dec + SHRINK)
    const wp = pre / (pre + SHRINK)
    if (dec + pre === 0) return own
    return {
      ...own,
      decode: Number((1 / (wd / own.decode + (1 - wd) / parent.decode)).toFixed(3)),
      decodeOverheadUsPerLayer: Number(
        (wd * own.decodeOverheadUsPerLayer + (1 - wd) * parent.decodeOverheadUsPerLayer).toFixed(2),
      ),
      prefill: Number(
        Math.exp(wp * Math.log(own.prefill) + (1 - wp) * Math.log(parent.prefill)).toFixed(3),
      ),
      source: `${own.source}; pulled towards ${parent.key} by ${SHRINK} pseudo-rows`,
    }
  }
  const count = (rows: readonly Scored[], kind: 'decode' | 'prefill') =>
    rows.filter((s) => s.c.kind === kind).length
  const fallback = entryFor('*/*', gpuRows, null)
  if (fallback == null) throw new Error('no GPU rows to fit')
  const vendorEntries = new Map<string, EfficiencyEntry>()
  for (const [vendor, rows] of group(gpuRows, (s) => s.c.vendor)) {
    const e = entryFor(`${vendor}/*`, rows, vendor)
    if (e != null)
      vendorEntries.set(vendor, shrink(e, fallback, count(rows, 'decode'), count(rows, 'prefill')))
  }
  for (const [key, rows] of group(gpuRows, keyOf)) {
    const vendor = rows[0]?.c.vendor ?? null
    const e = entryFor(key, rows, vendor)
    const parent = (vendor != null ? vendorEntries.get(vendor) : undefined) ?? fallback
    if (e != null) entries.push(shrink(e, parent, count(rows, 'decode'), count(rows, 'prefill')))
  }
  // One level finer, for prompt processing only: each GPU architecture gets its own prefill
  // factor (which FLOPS units llama.cpp's kernels reach differs per generation: int8 tensor
  // cores, WMMA, XMX, dp4a), pulled towards its group/backend entry, or else its vendor's, by
  // partial pooling. Decode stays the parent's: per-architecture decode factors predicted
  // unseen sources worse (leave-one-source-out decode median 14.4% vs 13.7% on 381 rows), while
  // prefill improved (27.9% -> 27.1% with decode kept from the parent, 30.5% without the level).
  for (const [key, rows] of group(
    gpuRows.filter((s) => archKeyOf(s) != null && s.c.kind === 'prefill'),
    (s) => archKeyOf(s) ?? '',
  )) {
    const first = rows[0]
    if (first == null || rows.length < MIN_ROWS) continue
    const parent =
      entries.find((x) => x.key === keyOf(first)) ?? vendorEntries.get(first.c.vendor) ?? fallback
    const own = fitPrefill(rows, parent.decodeOverheadUsPerLayer)
    const w = rows.length / (rows.length + SHRINK)
    entries.push({
      ...parent,
      key,
      prefill: Number(Math.exp(w * Math.log(own) + (1 - w) * Math.log(parent.prefill)).toFixed(3)),
      rows: rows.length,
      source: `prefill fitted on ${rows.length} rows: ${ids(rows)}; pulled towards ${parent.key} by ${SHRINK} pseudo-rows; decode and per-layer cost are ${parent.key}'s`,
    })
  }
  entries.push(...vendorEntries.values())

  const cpuIdeal = ideal.filter((s) => s.c.vendor === 'cpu' && !isMoe(s.c))
  const cpuPre = cpuIdeal.filter((s) => s.c.kind === 'prefill')
  const cpuDec = cpuIdeal.filter((s) => s.c.kind === 'decode')
  const cpuPrefill = fitPrefill(cpuPre)
  // Each family's per-thread rate, pulled towards the pooled one by SHRINK pseudo-rows (in log
  // space). Its own bandwidth share and prefill factor were tried too: they predicted unseen
  // sources no better (leave-one-source-out, 381 rows), so the pooled ones stay.
  const families: CpuFamilyEfficiency[] = []
  for (const f of cpuDecode.families) {
    if (f.own == null) continue
    const n = f.rows.length
    families.push({
      family: f.family,
      perThreadGBpsPerGHz: Number(
        Math.exp((n * Math.log(f.own.pt) + SHRINK * Math.log(cpuDecode.pt)) / (n + SHRINK)).toFixed(
          2,
        ),
      ),
      rows: n,
      source: `grid search on ${n} decode rows, pulled towards the pooled rate by ${SHRINK} pseudo-rows: ${f.rows.map((c) => c.id).join(' ')}`,
    })
  }
  const out: SpeedEfficiency = {
    schemaVersion: 1 as const,
    derivation: `scripts/fit-efficiency.ts on catalog/validation/measurements.csv: ${fitted.length} non-held-out measured rows (held-out sources excluded); decode by weighted least squares on relative error, prefill as the median measured/ideal ratio`,
    entries,
    cpu: {
      decode: Number(cpuDecode.eta.toFixed(2)),
      prefill: Number(cpuPrefill.toFixed(3)),
      perThreadGBpsPerGHz: Number(cpuDecode.pt.toFixed(2)),
      rows: cpuIdeal.length,
      source: `grid search on ${cpuDec.length} decode rows, median on ${cpuPre.length} prefill rows: ${ids(cpuIdeal)}`,
      families,
    },
    moeDecode: { factor: 1, rows: 0, source: 'unit' },
    moePrefill: { factor: 1, rows: 0, source: 'unit' },
    attentionPrefill: { factor: attention, rows: 0, source: 'unit' },
    prefillWidthOverhead: { factor: width, rows: 0, source: 'unit' },
    fallback,
  }
  // MoE: the median of measured / predicted over every MoE row of the kind, with the dense
  // factors above (GPU and CPU rows alike: the slowdown is in the kernels' shape, not the device).
  const moeFactor = (kind: 'decode' | 'prefill') => {
    const rows = scoreAll(
      { ...loaded, cases: fitted.filter((c) => c.kind === kind && isMoe(c)) },
      out,
    ).filter((s) => s.predicted != null && s.predicted > 0)
    const f =
      rows.length === 0
        ? 1
        : Math.min(
            1.5,
            quantile(
              rows.map((s) => (s.c.measured ?? 0) / (s.predicted ?? 1)),
              0.5,
            ),
          )
    return {
      factor: Number(f.toFixed(3)),
      rows: rows.length,
      source:
        rows.length === 0
          ? `no MoE ${kind} rows: 1 assumed`
          : `median measured/predicted of ${rows.length} MoE ${kind} rows: ${ids(rows)}`,
    }
  }
  return { ...out, moeDecode: moeFactor('decode'), moePrefill: moeFactor('prefill') }
}
