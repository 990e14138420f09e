/** One progress report: where the run is and how long it has left. */
export interface BenchProgressEvent {
  /** What runs now, e.g. "memory bandwidth" or "LLM inference (tiny generated llama)". */
  readonly step: string
  /** 1-based position of the step and the number of steps. */
  readonly stepIndex: number
  readonly stepCount: number
  /** Share of the whole run done, 0 to 1. */
  readonly fraction: number
  /** Seconds left, by estimate; null before anything is known. */
  readonly etaSec: number | null
}

/** Where the reporter writes, and whether it may redraw one line. */
export interface ProgressOutput {
  write(text: string): void
  readonly isTty: boolean
  readonly columns?: number
}

/** Draws progress; `done()` clears the bar. */
export interface ProgressReporter {
  update(event: BenchProgressEvent): void
  done(): void
}

/** Redraws at most this often, so a fast section does not flood the terminal. */
const REDRAW_MS = 100

/**
 * A one-line bar with the step and ETA on a terminal; one plain line per step otherwise (logs,
 * CI, pipes), so redirected output stays readable. Writes to stderr in real use, keeping
 * stdout for the result (`--json` stays parseable).
 */
export function createProgressReporter(
  out: ProgressOutput,
  now = () => Date.now(),
): ProgressReporter {
  let lastStep = ''
  let lastDraw = 0
  let drawn = false
  return {
    update(event) {
      if (!out.isTty) {
        if (event.step !== lastStep)
          out.write(
            `[${event.stepIndex}/${event.stepCount}] ${event.step}${eta(event.etaSec, ' (about ', ' left)')}\n`,
          )
        lastStep = event.step
        return
      }
      const t = now()
      if (event.step === lastStep && t - lastDraw < REDRAW_MS && event.fraction < 1) return
      lastStep = event.step
      lastDraw = t
      drawn = true
      out.write(`\r\x1b[2K${progressLine(event, out.columns ?? 80)}`)
    },
    done() {
      if (drawn) out.write('\r\x1b[2K')
      drawn = false
    },
  }
}

/** The bar line, cut to the terminal width. */
export function progressLine(event: BenchProgressEvent, columns: number): string {
  const width = 20
  const filled = Math.round(Math.min(1, Math.max(0, event.fraction)) * width)
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
  const percent = `${Math.floor(event.fraction * 100)}%`.padStart(4)
  const line = `${bar} ${percent} ${event.stepIndex}/${event.stepCount} ${event.step}${eta(event.etaSec, ' · ETA ', '')}`
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 2)) + '…' : line
}

function eta(sec: number | null, before: string, after: string): string {
  if (sec == null || !Number.isFinite(sec)) return ''
  const s = Math.round(sec)
  const text = s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
  return `${before}${text}${after}`
}
