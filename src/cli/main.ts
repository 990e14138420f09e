import { defineCommand, type ArgsDef, type CommandDef } from 'citty'
import type { Context } from '../app/context.js'
import { reportArgs } from './args.js'
import { lazyCommand } from './lazy-command.js'

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
      report: lazyCommand(
        {
          name: 'report',
          description: 'Probe, save the snapshot, print the readiness report (default)',
        },
        () => import('./commands/report.js').then((m) => m.reportCommand(ctx)),
      ),
      probe: lazyCommand(
        {
          name: 'probe',
          description: 'Detect CPU, memory, GPUs, accelerators, storage, virtualization',
        },
        () => import('./commands/probe.js').then((m) => m.probeCommand(ctx)),
      ),
      check: lazyCommand(
        { name: 'check', description: 'Is this lab ready for AI? Findings with reasons and fixes' },
        () => import('./commands/check.js').then((m) => m.checkCommand(ctx)),
      ),
      history: lazyCommand(
        { name: 'history', description: 'Saved snapshots, and what changed between them' },
        () => import('./commands/history.js').then((m) => m.historyCommand(ctx)),
      ),
      models: lazyCommand(
        { name: 'models', description: 'The model catalog ranked for this machine (or what-if)' },
        () =>
          Promise.all([import('./commands/models.js'), import('./fit-context.js')]).then(([m, f]) =>
            m.modelsCommand(f.fitContextFrom(ctx)),
          ),
      ),
      fit: lazyCommand(
        {
          name: 'fit',
          description: 'Will MODEL fit, at which quantization and context, how fast?',
        },
        () =>
          Promise.all([import('./commands/fit.js'), import('./fit-context.js')]).then(([m, f]) =>
            m.fitCommand(f.fitContextFrom(ctx)),
          ),
      ),
      inspect: lazyCommand(
        {
          name: 'inspect',
          description: 'Read a GGUF file (or your Ollama models): size, fit, speed',
        },
        () =>
          Promise.all([import('./commands/inspect.js'), import('./fit-context.js')]).then(
            ([m, f]) => m.inspectCommand(f.fitContextFrom(ctx)),
          ),
      ),
      serve: lazyCommand(
        {
          name: 'serve',
          description: 'The dashboard: a local web UI with the same data as --json',
        },
        () => import('./commands/serve.js').then((m) => m.serveCommand(m.serveContextFrom(ctx))),
      ),
      bench: lazyCommand(
        { name: 'bench', description: 'Measure memory, disk, CPU, GPU and real LLM inference' },
        () =>
          Promise.all([import('./commands/bench.js'), import('./commands/bench-context.js')]).then(
            ([m, c]) => m.benchCommand(c.benchContextFrom(ctx)),
          ),
      ),
      inventory: lazyCommand(
        { name: 'inventory', description: 'The whole ESXi / vCenter lab: hosts, GPUs, datastores' },
        () => import('./commands/inventory.js').then((m) => m.inventoryCommand(ctx)),
      ),
      lab: lazyCommand(
        { name: 'lab', description: 'Plan the AI test VM (and apply it to ESXi / vCenter)' },
        () =>
          import('./commands/lab.js').then((m) =>
            m.labCommand(m.labContextFrom(ctx), {
              apply: lazyCommand(
                {
                  name: 'apply',
                  description: 'Create the planned VM on ESXi / vCenter (dry run first)',
                },
                () => import('./commands/lab-apply.js').then((a) => a.labApplyCommand(ctx)),
              ),
            }),
          ),
      ),
      learn: lazyCommand(
        { name: 'learn', description: 'Learn AI/ML as a vSphere admin, on your own lab' },
        () =>
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
                loadFitInputs: (db) =>
                  import('./learn-fit-inputs.js').then((f) => f.loadCalibratedFitInputs(ctx, db)),
                now: ctx.now,
              }),
          ),
      ),
    },
  })
}
