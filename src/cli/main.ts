import { defineCommand, type CommandDef, type ArgsDef } from 'citty'
import type { Context } from '../app/context.js'

export const VERSION = '0.1.0'

/** The command tree; each verb is imported only when it runs, so `--help` starts fast. */
export function createMain(ctx: Context): CommandDef<ArgsDef> {
  return defineCommand<ArgsDef>({
    meta: {
      name: 'homelab-ai',
      version: VERSION,
      description: 'What AI can your homelab run, and how fast? Probe, plan, measure, learn.',
    },
    run() {
      ctx.io.stdout('homelab-ai: see --help')
    },
  })
}
