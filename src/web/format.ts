/** Display helpers: the dashboard's one place for rounding and units (the data stays exact). */

/** `23.6 GiB`; one decimal below 100, none above. */
export function gib(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return 'unknown'
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} GiB`
}

/** MiB from the probe shown as GiB. */
export function mibAsGib(mib: number | null | undefined): string {
  return mib == null ? 'unknown' : gib(mib / 1024)
}

/**
 * `1,234`-style grouping for token counts and speeds. Written out rather than Intl.NumberFormat:
 * the first Intl formatter of a page loads locale data, and building one per call (the model
 * table formats hundreds of numbers) took tens of milliseconds of the first render.
 */
export function count(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Tokens per second with sensible precision: `42`, `7.4`, `0.35`. */
export function tokensPerSec(value: number): string {
  if (value >= 100) return count(value)
  if (value >= 10) return value.toFixed(0)
  if (value >= 1) return value.toFixed(1)
  return value.toFixed(2)
}

/** Context length as people say it: `8K`, `128K`. */
export function contextLabel(tokens: number): string {
  return tokens >= 1024 && tokens % 1024 === 0 ? `${tokens / 1024}K` : count(tokens)
}

/** An ISO time as local date and time, e.g. `2025-06-01 14:03`. */
export function dateTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A share in 0..100 for bar widths, safe for zero and unknown totals. */
export function percent(part: number, whole: number): number {
  if (!(whole > 0) || !Number.isFinite(part)) return 0
  return Math.max(0, Math.min(100, (part / whole) * 100))
}
