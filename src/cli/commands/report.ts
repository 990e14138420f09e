import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import { assessReadiness, type ReadinessReport } from '../../core/readiness.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { hasWhatIf, resolveHardware } from '../hardware-args.js'
import { reportArgs } from '../args.js'
import { formatHardwareText } from '../format/hardware-text.js'
import { formatReadinessText } from '../format/readiness-text.js'
import { formatMarkdownReport } from '../format/markdown-report.js'
import { createStyle, wantsColor } from '../format/style.js'
import { UsageError } from '../../core/errors.js'

/** What the main job prints with `--json`. */
export interface MainReport {
  readonly schemaVersion: 1
  readonly hardware: HardwareProfile
  readonly readiness: ReadinessReport
  /** The saved snapshot, or null with `--no-save`, what-if flags or `--profile`. */
  readonly snapshot: { readonly id: number; readonly db: string } | null
}

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
      const hardware = await resolveHardware(ctx, args)
      const readiness = assessReadiness(hardware)
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
      const report: MainReport = { schemaVersion: 1, hardware, readiness, snapshot }
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
            footer,
          ]
            .join('\n')
            .trimEnd(),
        )
      }
      return report
    },
  })
