import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import { diffProfiles } from '../../core/snapshot-diff.js'
import type { SnapshotRecord } from '../../adapters/store/history-store.js'
import type { HistoryDiff, SnapshotSummary } from '../../core/report-views.js'
import { dbArg } from '../args.js'
import { createStyle, num, wantsColor } from '../format/style.js'
import { UsageError } from '../../core/errors.js'

const jsonArg = { json: { type: 'boolean', description: 'Print JSON' } } as const

/** Parses a snapshot id argument: a positive whole number. */
function parseId(value: string, what: string): number {
  const id = Number(value)
  if (!Number.isInteger(id) || id < 1)
    throw new UsageError(`${what} must be a snapshot id (a positive whole number), got "${value}"`)
  return id
}

async function withStore<T>(
  ctx: Context,
  db: string | undefined,
  fn: (store: Awaited<ReturnType<Context['openStore']>>) => T,
): Promise<T> {
  const store = await ctx.openStore(db)
  try {
    return fn(store)
  } finally {
    store.close()
  }
}

function summaryLine(s: SnapshotSummary): string {
  const gpus = s.gpuNames.length > 0 ? s.gpuNames.join(' + ') : 'no GPU'
  return `#${String(s.id).padEnd(4)} ${s.takenAt.replace('T', ' ').slice(0, 19)}  ${(s.hostname ?? '?').padEnd(16)} ${num(s.memoryTotalGiB)} GiB, ${gpus}${s.source !== 'probe' ? ` (${s.source})` : ''}`
}

/** `homelab-ai history`: list saved snapshots. */
const listArgs = {
  ...jsonArg,
  ...dbArg,
  limit: {
    type: 'string',
    description: 'Show at most N snapshots (default 20)',
    valueHint: 'N',
  },
} as const

const listCommand = (ctx: Context) =>
  defineCommand({
    meta: { name: 'list', description: 'List saved snapshots, newest first' },
    args: listArgs,
    async run({ args }): Promise<SnapshotSummary[]> {
      const limit = args.limit == null ? 20 : Number(args.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new UsageError(`--limit must be a whole number from 1 to 100000, got ${args.limit}`)
      const snapshots = await withStore(ctx, args.db, (s) => s.listSnapshots({ limit }))
      if (args.json === true) ctx.io.stdout(JSON.stringify({ snapshots }, null, 2))
      else if (snapshots.length === 0)
        ctx.io.stdout('No snapshots yet: run `homelab-ai` to probe this machine and save one.')
      else ctx.io.stdout(snapshots.map(summaryLine).join('\n'))
      return snapshots
    },
  })

/** `homelab-ai history show ID`: one snapshot's full profile as JSON. */
const showCommand = (ctx: Context) =>
  defineCommand({
    meta: { name: 'show', description: 'Print one saved snapshot as JSON' },
    args: { id: { type: 'positional', required: true, description: 'Snapshot id' }, ...dbArg },
    async run({ args }): Promise<SnapshotRecord> {
      const id = parseId(args.id, 'ID')
      const record = await withStore(ctx, args.db, (s) => s.getSnapshot(id))
      if (record == null) throw new UsageError(`no snapshot #${id}; see homelab-ai history`)
      ctx.io.stdout(JSON.stringify(record, null, 2))
      return record
    },
  })

function summaryOf(r: SnapshotRecord): SnapshotSummary {
  return {
    id: r.id,
    takenAt: r.takenAt,
    hostname: r.hostname,
    source: r.source,
    cpuModel: r.cpuModel,
    gpuNames: r.gpuNames,
    memoryTotalGiB: r.memoryTotalGiB,
  }
}

/** `homelab-ai history diff [A] [B]`: what changed between two snapshots (default: the last two). */
const diffCommand = (ctx: Context) =>
  defineCommand({
    meta: {
      name: 'diff',
      description: 'Show what changed between two snapshots (default: the two newest)',
    },
    args: {
      from: { type: 'positional', required: false, description: 'Older snapshot id' },
      to: { type: 'positional', required: false, description: 'Newer snapshot id' },
      ...jsonArg,
      ...dbArg,
    },
    async run({ args }): Promise<HistoryDiff> {
      if (args.from != null && args.to == null)
        throw new UsageError('give two snapshot ids, or none to compare the two newest')
      const pair = await withStore(ctx, args.db, (store) => {
        if (args.from != null && args.to != null) {
          const ids = [parseId(args.from, 'FROM'), parseId(args.to, 'TO')] as const
          const records = ids.map((id) => {
            const r = store.getSnapshot(id)
            if (r == null) throw new UsageError(`no snapshot #${id}; see homelab-ai history`)
            return r
          })
          return [records[0]!, records[1]!] as const
        }
        const latest = store.latestSnapshots(2)
        if (latest.length < 2)
          throw new UsageError(
            'need at least two snapshots to compare; run `homelab-ai` again later',
          )
        return [latest[1]!, latest[0]!] as const
      })
      const [older, newer] = pair
      const diff: HistoryDiff = {
        from: summaryOf(older),
        to: summaryOf(newer),
        changes: diffProfiles(older.profile, newer.profile),
      }
      if (args.json === true) ctx.io.stdout(JSON.stringify(diff, null, 2))
      else {
        const s = createStyle(wantsColor(ctx.isTty, ctx.env))
        const lines = [
          s.bold(
            `Changes from snapshot #${older.id} (${older.takenAt}) to #${newer.id} (${newer.takenAt})`,
          ),
        ]
        if (diff.changes.length === 0) lines.push('  no hardware changes')
        for (const c of diff.changes) {
          const sign =
            c.kind === 'added' ? s.green('+') : c.kind === 'removed' ? s.red('-') : s.yellow('~')
          const detail =
            c.kind === 'changed'
              ? `${c.before ?? '?'} -> ${c.after ?? '?'}`
              : (c.after ?? c.before ?? '')
          lines.push(`  ${sign} ${c.area}: ${c.label}${detail !== '' ? `: ${detail}` : ''}`)
        }
        ctx.io.stdout(lines.join('\n'))
      }
      return diff
    },
  })

/** `homelab-ai history [list|show|diff]`. */
export const historyCommand = (ctx: Context) =>
  defineCommand({
    meta: {
      name: 'history',
      description: 'Saved snapshots of this machine, and what changed between them',
    },
    // `history --db X` runs `list`: declaring its flags here keeps their values from being read
    // as a sub-command name.
    args: listArgs,
    default: 'list',
    subCommands: {
      list: () => listCommand(ctx),
      show: () => showCommand(ctx),
      diff: () => diffCommand(ctx),
    },
  })
