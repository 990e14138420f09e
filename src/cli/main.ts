import { defineCommand, type ArgsDef, type CommandDef } from 'citty'
import type { Context } from '../app/context.js'
import { reportArgs } from './args.js'

export const VERSION = '0.1.0'

/**
 * The command tree. Each verb is imported only when it runs, so `--help` starts fast;
 * with no verb, `report` (the main job) runs.
 */
export function createMain(ctx: Context): CommandDef<ArgsDef> {
  return defineCommand<ArgsDef>({
    meta: {
      name: 'homelab-ai',
      version: VERSION,
      description:
        'What AI can your homelab run, and how fast? With no command: probe this machine, save the snapshot, print the readiness report.',
    },
    args: reportArgs,
    default: 'report',
    subCommands: {
      report: () => import('./commands/report.js').then((m) => m.reportCommand(ctx)),
      probe: () => import('./commands/probe.js').then((m) => m.probeCommand(ctx)),
      check: () => import('./commands/check.js').then((m) => m.checkCommand(ctx)),
      history: () => import('./commands/history.js').then((m) => m.historyCommand(ctx)),
      learn: () =>
        Promise.all([import('./commands/learn.js'), import('./format/style.js')]).then(
          ([m, style]) =>
            m.learnCommand({
              io: ctx.io,
              isTty: ctx.isTty,
              columns: ctx.columns,
              color: style.wantsColor(ctx.isTty, ctx.env),
              loadHub: () => ctx.loadLearningHub(),
              openStore: (db) => ctx.openStore(db),
              ask: (q) => ctx.ask(q),
              now: ctx.now,
            }),
        ),
    },
  })
}
