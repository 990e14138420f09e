import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import { assessReadiness } from '../../core/readiness.js'
import type { MainReport } from '../../core/report-views.js'
import { hasWhatIf } from '../hardware-args.js'
import { fitContextFrom, loadFitCatalogs, resolveFitMachine } from '../fit-context.js'
import { bestPerKind } from '../../core/best-per-kind.js'
import { formatBestPerKind } from '../format/best-per-kind-text.js'
import { reportArgs } from '../args.js'
import { formatHardwareText } from '../format/hardware-text.js'
import { formatReadinessText } from '../format/readiness-text.js'
import { formatMarkdownReport } from '../format/markdown-report.js'
import { createStyle, wantsColor } from '../format/style.js'
import { UsageError } from '../../core/errors.js'

/** The main job: probe this machine, save the snapshot, print the readiness report. */
export const reportCommand = (ctx: Context) =>
  defineCommand({
    meta: {
      name: 'report',
      description:
        'Probe this machine, save the snapshot and print the readiness report (the default command)',
    },
    args: reportArgs,
    async run({ args }): Promise<MainReport> {
      if (args.json === true && args.markdown === true)
        throw new UsageError('choose one of --json and --markdown')
      const fitCtx = fitContextFrom(ctx)
      const [{ hw: hardware, calibration }, { catalog, data }] = await Promise.all([
        resolveFitMachine(fitCtx, args),
        loadFitCatalogs(fitCtx),
      ])
      const readiness = assessReadiness(hardware, data.gpus)
      const bestModels = bestPerKind(catalog, hardware, data, {
        calibration: calibration ?? undefined,
      })
      let snapshot: MainReport['snapshot'] = null
      // Only a real probe of this machine belongs in its history.
      if (args.save && hardware.source === 'probe' && !hasWhatIf(args)) {
        const store = await ctx.openStore(args.db)
        try {
          snapshot = { id: store.saveSnapshot(hardware).id, db: store.file }
        } finally {
          store.close()
        }
      }
      const report: MainReport = { schemaVersion: 1, hardware, readiness, bestModels, snapshot }
      if (args.json === true) ctx.io.stdout(JSON.stringify(report, null, 2))
      else if (args.markdown === true) ctx.io.stdout(formatMarkdownReport(hardware, readiness))
      else {
        const style = createStyle(wantsColor(ctx.isTty, ctx.env))
        const footer =
          snapshot != null
            ? style.dim(
                `Saved as snapshot #${snapshot.id} in ${snapshot.db} (see: homelab-ai history).`,
              )
            : ''
        ctx.io.stdout(
          [
            formatHardwareText(hardware, style),
            '',
            formatReadinessText(readiness, style),
            '',
            formatBestPerKind(bestModels, style),
            '',
            footer,
          ]
            .join('\n')
            .trimEnd(),
        )
      }
      return report
    },
  })
