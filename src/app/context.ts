import type { CliIo } from '../cli/run-cli.js'

/**
 * The composition root: everything that touches the machine, handed to commands and the server.
 * Tests build their own Context with fakes; adapters are imported lazily so `--help` stays fast.
 */
export interface Context {
  readonly io: CliIo
  readonly env: NodeJS.ProcessEnv
  readonly now: () => Date
  readonly isTty: boolean
}

/** The real context for the CLI process. */
export function createContext(): Context {
  return {
    io: {
      stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    },
    env: process.env,
    now: () => new Date(),
    isTty: process.stdout.isTTY === true,
  }
}
