import { Hono } from 'hono'
import { BENCH_METRICS, compareBenchRuns } from '../../core/bench-compare.js'
import { benchReference } from '../../core/bench-reference.js'
import type { BenchDocument } from '../../core/bench-types.js'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import type {
  BenchCompareResponse,
  BenchReferenceResponse,
  BenchRunItem,
  BenchRunResponse,
  BenchRunsResponse,
} from '../api-types.js'
import { intQuery } from '../request-input.js'
import type { RouteContext } from './route-context.js'

const LIMIT_RANGE = { min: 1, max: 1000 }
const DEFAULT_LIMIT = 200
/** How far back the reference looks for the newest run that has each figure (as calibration does). */
const REFERENCE_LOOKBACK = 50

/** A run id from the path or the query: a positive whole number. */
function runId(raw: string | undefined, name: string): number {
  const text = raw?.trim() ?? ''
  const id = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(id) || id < 1)
    throw new UsageError(
      `${name} must be a benchmark run id (a positive whole number), got "${text.slice(0, 40)}"`,
    )
  return id
}

/** Reads a finite number at a dotted path of the document, or null. */
function numberAt(doc: BenchDocument, path: string): number | null {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value == null) return null
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function itemOf(id: number, kind: string, doc: BenchDocument): BenchRunItem {
  const figures: Record<string, number> = {}
  for (const metric of BENCH_METRICS) {
    const value = numberAt(doc, metric.path)
    if (value != null) figures[metric.path] = value
  }
  return {
    id,
    runAt: doc.runAt,
    kind,
    level: doc.level,
    sections: doc.sections,
    figures,
    llmModel: doc.llm?.model ?? null,
    failures: doc.failures.length,
  }
}

/**
 * The saved benchmark runs: GET /bench/runs (list with the figures), /bench/runs/:id (the
 * `bench --json` document), /bench/compare?a&b (`bench compare`), /bench/reference (measured
 * against the catalogs and the fit engine, on the machine of the latest snapshot).
 */
export function benchRoutes({ deps, hardware }: RouteContext): Hono {
  const runOf = (id: number) => {
    const run = deps.bench.getBenchRun(id)
    // 404 with the newest ids as suggestions, the way an unknown model or lesson answers.
    if (run == null)
      throw new UnknownNameError(
        'benchmark run',
        `#${id}`,
        deps.bench.listBenchRuns({ limit: 3 }).map((r) => `#${r.id}`),
      )
    return run
  }
  return new Hono()
    .get('/bench/runs', (c) => {
      const limit = intQuery(c, 'limit', LIMIT_RANGE, DEFAULT_LIMIT)
      const runs = deps.bench
        .latestBenchRuns(limit)
        .map((run) => itemOf(run.id, run.kind, run.document))
      const body: BenchRunsResponse = { runs, metrics: BENCH_METRICS }
      return c.json(body)
    })
    .get('/bench/runs/:id', (c) => {
      const run = runOf(runId(c.req.param('id'), 'the run id'))
      const body: BenchRunResponse = { runId: run.id, ...run.document }
      return c.json(body)
    })
    .get('/bench/compare', (c) => {
      const a = runId(c.req.query('a'), 'a')
      const b = runId(c.req.query('b'), 'b')
      const comparison = compareBenchRuns(runOf(a).document, runOf(b).document)
      const body: BenchCompareResponse = { a, b, ...comparison }
      return c.json(body)
    })
    .get('/bench/reference', async (c) => {
      const [{ hardware: hw }, data, catalog] = await Promise.all([
        hardware.current(),
        deps.loadFitData(),
        deps.loadModelCatalog(),
      ])
      const runs = deps.bench.latestBenchRuns(REFERENCE_LOOKBACK)
      const body: BenchReferenceResponse = {
        hostname: hw.os.hostname,
        ...benchReference(runs, hw, data, catalog),
      }
      return c.json(body)
    })
}
