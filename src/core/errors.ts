/**
 * Named errors with a stable `code`. The CLI prints `message` on one line; `UsageError`
 * (and subclasses) exit with 2, every other known error with 1. Nothing here prints.
 */

/** Base for every error the user is meant to read. */
export class HomelabError extends Error {
  readonly code: string = 'HOMELAB'
  /** Exit status for the CLI. */
  readonly exitCode: number = 1
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** A bad flag, argument or value the user typed: exit code 2. */
export class UsageError extends HomelabError {
  override readonly code: string = 'USAGE'
  override readonly exitCode: number = 2
}

/** A file the user named (profile, GGUF, config) that is missing or malformed. */
export class InputFileError extends HomelabError {
  override readonly code: string = 'INPUT_FILE'
  override readonly exitCode: number = 2
}

/** A name (GPU, model, stack) not in the catalog; the message carries the closest matches. */
export class UnknownNameError extends UsageError {
  override readonly code: string = 'UNKNOWN_NAME'
  constructor(
    readonly kind: string,
    readonly input: string,
    readonly suggestions: readonly string[],
  ) {
    super(
      `unknown ${kind} "${input}"` +
        (suggestions.length > 0 ? `; did you mean: ${suggestions.join(', ')}?` : ''),
    )
  }
}

/** The local store could not be opened or written (corrupt, locked, read-only). */
export class StoreError extends HomelabError {
  override readonly code: string = 'STORE'
}
