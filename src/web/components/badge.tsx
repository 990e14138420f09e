/** Small coloured labels for verdicts; the word is always there, colour only repeats it. */
import type { FitLevel } from '../../core/fit-types.js'
import type { FindingStatus, ReadinessVerdict } from '../../core/readiness.js'

const STATUS_TEXT: Readonly<Record<FindingStatus, string>> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  skip: 'Skipped',
}

/** A readiness finding's status. */
export function StatusBadge({ status }: { status: FindingStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_TEXT[status]}</span>
}

const VERDICT_TEXT: Readonly<Record<ReadinessVerdict, string>> = {
  ready: 'Ready',
  usable: 'Usable',
  'not-ready': 'Not ready',
}
const VERDICT_TONE: Readonly<Record<ReadinessVerdict, FindingStatus>> = {
  ready: 'pass',
  usable: 'warn',
  'not-ready': 'fail',
}

/** The whole machine's readiness verdict. */
export function VerdictBadge({ verdict }: { verdict: ReadinessVerdict }) {
  return (
    <span className={`badge badge-${VERDICT_TONE[verdict]} badge-large`}>
      {VERDICT_TEXT[verdict]}
    </span>
  )
}

/** Words for a fit verdict, as the CLI's `models` table says them. */
export const LEVEL_TEXT: Readonly<Record<FitLevel, string>> = {
  'runs-well': 'Runs well',
  runs: 'Runs',
  tight: 'Tight',
  'too-big': 'Too big',
}
const LEVEL_TONE: Readonly<Record<FitLevel, FindingStatus>> = {
  'runs-well': 'pass',
  runs: 'pass',
  tight: 'warn',
  'too-big': 'fail',
}

/** A model's fit verdict. */
export function LevelBadge({ level }: { level: FitLevel }) {
  return (
    <span className={`badge badge-${LEVEL_TONE[level]}`} data-level={level}>
      {LEVEL_TEXT[level]}
    </span>
  )
}
