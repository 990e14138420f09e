/**
 * POSIX shell quoting for generated scripts. Single quotes make every byte literal (no `$`,
 * backtick or `\` expansion); the only character they cannot hold is `'` itself, which is closed,
 * emitted as `\'` and reopened.
 */

/** `it's` → `'it'\''s'`: one shell word that means exactly `value`, whatever it contains. */
export function quoteShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Quotes every word and joins them with spaces: one command line that runs `argv` as given. */
export function shellCommand(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : quoteShell(word)))
    .join(' ')
}
