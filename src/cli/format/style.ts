/** Terminal styling, in one place: colors only when asked for (a TTY without NO_COLOR). */
export interface Style {
  readonly bold: (s: string) => string
  readonly dim: (s: string) => string
  readonly green: (s: string) => string
  readonly yellow: (s: string) => string
  readonly red: (s: string) => string
  readonly cyan: (s: string) => string
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`
const plain = (s: string) => s

/** ANSI styles, or identity functions when color is off. */
export function createStyle(color: boolean): Style {
  if (!color)
    return { bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
  }
}

/** Whether to color: a terminal, and the user has not opted out (https://no-color.org). */
export function wantsColor(
  isTty: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return isTty && env.NO_COLOR == null && env.TERM !== 'dumb'
}

/** A horizontal bar for a share (0..1), e.g. VRAM used; `width` cells. */
export function bar(share: number, width = 20): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0))
  const full = Math.round(clamped * width)
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`
}

/** Numbers for people: 1 decimal under 100, none above. */
export function num(value: number, digits = 1): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(digits)
}
