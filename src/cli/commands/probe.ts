import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { parseTimeoutMs } from '../hardware-args.js'
import { dbArg, outputArgs, probeArgs } from '../args.js'
import { formatHardwareText } from '../format/hardware-text.js'
import { formatMarkdownReport } from '../format/markdown-report.js'
import { createStyle, wantsColor } from '../format/style.js'
import { UsageError } from '../../core/errors.js'

/** `homelab-ai probe`: what is in this machine, as text, JSON or Markdown. */
export const probeCommand = (ctx: Context) =>
  defineCommand({
    meta: {
      name: 'probe',
      description:
        'Detect CPU, memory, GPUs, accelerators, storage and virtualization of this machine',
    },
    args: {
      ...outputArgs,
      ...probeArgs,
      ...dbArg,
      save: { type: 'boolean', description: 'Also save the snapshot to the history' },
    },
    async run({ args }): Promise<HardwareProfile> {
      if (args.json === true && args.markdown === true)
        throw new UsageError('choose one of --json and --markdown')
      const hw = await ctx.probeHardware({
        timeoutMs: parseTimeoutMs(args.timeout),
        root: args.root,
      })
      if (args.save === true) {
        const store = await ctx.openStore(args.db)
        try {
          store.saveSnapshot(hw)
        } finally {
          store.close()
        }
      }
      if (args.json === true) ctx.io.stdout(JSON.stringify(hw, null, 2))
      else if (args.markdown === true) ctx.io.stdout(formatMarkdownReport(hw, null))
      else ctx.io.stdout(formatHardwareText(hw, createStyle(wantsColor(ctx.isTty, ctx.env))))
      return hw
    },
  })
