/**
 * PowerShell quoting for generated scripts. Single-quoted strings are verbatim in PowerShell (no
 * `$` or backtick expansion); a quote inside is written twice. PowerShell also treats the
 * typographic quotes U+2018..U+201B as single quotes, so those are doubled too.
 */

const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g

/** `it's` → `'it''s'`: a verbatim PowerShell string literal of `value`. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`
}
