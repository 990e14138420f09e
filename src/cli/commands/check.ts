import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import { assessReadiness, type ReadinessReport } from '../../core/readiness.js'
import { resolveHardware } from '../hardware-args.js'
import { outputArgs, probeArgs, whatIfArgs } from '../args.js'
import { formatReadinessText } from '../format/readiness-text.js'
import { formatMarkdownReport } from '../format/markdown-report.js'
import { createStyle, wantsColor } from '../format/style.js'
import { UsageError } from '../../core/errors.js'

/** `homelab-ai check`: the readiness checklist only, for this machine or what-if hardware. */
export const checkCommand = (ctx: Context) =>
  defineCommand({
    meta: {
      name: 'check',
      description: 'Is this lab ready for AI? Each finding with its value, rule, reason and fix',
    },
    args: {
      ...outputArgs,
      ...whatIfArgs,
      ...probeArgs,
      all: {
        type: 'boolean',
        description: 'Show the reason for passed and not-applicable checks too',
      },
    },
    async run({ args }): Promise<ReadinessReport> {
      if (args.json === true && args.markdown === true)
        throw new UsageError('choose one of --json and --markdown')
      const hw = await resolveHardware(ctx, args)
      const report = assessReadiness(hw, await ctx.loadGpuCatalog())
      if (args.json === true) ctx.io.stdout(JSON.stringify(report, null, 2))
      else if (args.markdown === true) ctx.io.stdout(formatMarkdownReport(hw, report))
      else
        ctx.io.stdout(
          formatReadinessText(report, createStyle(wantsColor(ctx.isTty, ctx.env)), {
            verbose: args.all === true,
          }),
        )
      return report
    },
  })
