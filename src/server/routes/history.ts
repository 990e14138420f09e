import { Hono } from 'hono'
import type { SnapshotRecord } from '../../adapters/store/history-store.js'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import type { HistoryDiff, SnapshotSummary } from '../../core/report-views.js'
import { diffProfiles } from '../../core/snapshot-diff.js'
import type { HistoryResponse } from '../api-types.js'
import { intQuery } from '../request-input.js'
import type { RouteContext } from './route-context.js'

const ID_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER }

function summaryOf(r: SnapshotRecord): SnapshotSummary {
  const { id, takenAt, hostname, source, cpuModel, gpuNames, memoryTotalGiB } = r
  return { id, takenAt, hostname, source, cpuModel, gpuNames, memoryTotalGiB }
}

/** GET /history and GET /history/diff, as `history --json` and `history diff --json`. */
export function historyRoutes({ deps }: RouteContext): Hono {
  const { history } = deps
  const snapshot = (id: number): SnapshotRecord => {
    const record = history.getSnapshot(id)
    if (record == null) throw new UnknownNameError('snapshot', `#${id}`, [])
    return record
  }
  return new Hono()
    .get('/history', (c) => {
      const limit = intQuery(c, 'limit', { min: 1, max: 1000 }, 50)
      const body: HistoryResponse = { snapshots: history.listSnapshots({ limit }) }
      return c.json(body)
    })
    .get('/history/diff', (c) => {
      const from = intQuery(c, 'from', ID_RANGE)
      const to = intQuery(c, 'to', ID_RANGE)
      let older: SnapshotRecord
      let newer: SnapshotRecord
      if (from != null && to != null) {
        older = snapshot(from)
        newer = snapshot(to)
      } else if (from == null && to == null) {
        const [latest, previous] = history.latestSnapshots(2)
        if (latest == null || previous == null)
          throw new UsageError('need at least two snapshots to compare; refresh the report later')
        older = previous
        newer = latest
      } else throw new UsageError('give both from and to, or neither to compare the two newest')
      const diff: HistoryDiff = {
        from: summaryOf(older),
        to: summaryOf(newer),
        changes: diffProfiles(older.profile, newer.profile),
      }
      return c.json(diff)
    })
}
