import type { FindingStatus, ReadinessReport } from '../../core/readiness.js'
import type { Style } from './style.js'

const MARK: Record<FindingStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: ' -- ',
}

/** The readiness checklist: a status column, the measured value, and the why/fix under each line. */
export function formatReadinessText(
  report: ReadinessReport,
  s: Style,
  opts: { verbose?: boolean } = {},
): string {
  const paint: Record<FindingStatus, (x: string) => string> = {
    pass: s.green,
    warn: s.yellow,
    fail: s.red,
    skip: s.dim,
  }
  const lines = [s.bold('Readiness for AI')]
  for (const f of report.findings) {
    if (f.status === 'skip' && opts.verbose !== true) continue
    lines.push(`  ${paint[f.status](MARK[f.status])}  ${f.title}: ${f.value}`)
    if (f.status !== 'pass' || opts.verbose === true) {
      lines.push(s.dim(`        why: ${f.why}`))
      if (f.fix != null) lines.push(`        fix: ${f.fix}`)
    }
  }
  const c = report.counts
  lines.push(
    '',
    `${s.bold(report.summary)} ${s.dim(`(${c.pass} passed, ${c.warn} warnings, ${c.fail} failed${c.skip > 0 ? `, ${c.skip} not applicable` : ''})`)}`,
  )
  return lines.join('\n')
}
