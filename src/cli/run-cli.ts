import { runCommand, renderUsage, type ArgsDef, type CommandDef } from 'citty'
import { HomelabError, UsageError } from '../core/errors.js'
import { forUsage } from './lazy-command.js'

type AnyCommand = CommandDef<ArgsDef>

async function resolve<T>(
  value: T | Promise<T> | (() => T | Promise<T>) | undefined,
): Promise<T | undefined> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : await value
}

/** Walks the sub-command chain the way citty does, so flags are checked against the command that runs. */
export async function resolveCommandChain(
  root: AnyCommand,
  rawArgs: readonly string[],
  opts: { followDefault?: boolean } = {},
): Promise<{ chain: AnyCommand[]; rest: string[] }> {
  const chain: AnyCommand[] = [root]
  let cmd = root
  let rest = [...rawArgs]
  for (;;) {
    const subCommands = await resolve(cmd.subCommands)
    if (subCommands == null || Object.keys(subCommands).length === 0) break
    const index = await subCommandIndex(cmd, rest)
    const name = index === -1 ? undefined : rest[index]
    // With no sub-command named, citty runs the `default` one with all the arguments.
    const fallback =
      name == null && opts.followDefault !== false ? await resolve(cmd.default) : undefined
    const chosen = name ?? fallback
    if (chosen == null || !(chosen in subCommands)) break
    const next = await resolve(subCommands[chosen])
    if (next == null) break
    chain.push(next as AnyCommand)
    cmd = next as AnyCommand
    if (name != null) rest = rest.slice(index + 1)
  }
  return { chain, rest }
}

/** Index of the first word that is not a flag or a flag's value (citty's own rule). */
async function subCommandIndex(cmd: AnyCommand, args: readonly string[]): Promise<number> {
  const known = await knownFlags(cmd)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') return -1
    if (arg.startsWith('-')) {
      const def = known.get(arg.replace(/^--?/, ''))
      if (!arg.includes('=') && def != null && def.type !== 'boolean') i++
      continue
    }
    return i
  }
  return -1
}

/** Flags the command accepts, by every spelling (`--ram`, `-r`, `--no-open`). */
async function knownFlags(cmd: AnyCommand): Promise<Map<string, ArgsDef[string]>> {
  const args = (await resolve(cmd.args)) ?? {}
  const known = new Map<string, ArgsDef[string]>()
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue
    const alias = 'alias' in def ? def.alias : undefined
    const aliases = alias == null ? [] : Array.isArray(alias) ? alias : [alias]
    for (const spelling of [name, ...aliases]) {
      known.set(spelling, def)
      if (def.type === 'boolean') known.set(`no-${spelling}`, def)
    }
  }
  return known
}

/** Rejects flags the command does not define (citty silently accepts them) with a usage error. */
export async function checkFlags(cmd: AnyCommand, rest: readonly string[]): Promise<void> {
  const known = await knownFlags(cmd)
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    if (arg === '--') break
    if (!arg.startsWith('-') || arg === '-') continue
    const def = known.get(arg.replace(/^--?/, ''))
    // The word after a value flag is its value, even when it looks like a flag (`--vram -3`).
    if (def != null && def.type !== 'boolean' && !arg.includes('=')) {
      i++
      continue
    }
    const name = arg.replace(/^--?/, '').split('=')[0] ?? ''
    if (name === 'help' || name === 'h') continue
    if (!known.has(name)) {
      const meta = await resolve(cmd.meta)
      throw new UsageError(
        `unknown option "${arg.split('=')[0]}" for "${meta?.name ?? 'homelab-ai'}"; see --help`,
      )
    }
  }
}

export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

/**
 * Runs the command tree and turns every failure into one line and an exit code:
 * 0 success, 1 a known runtime failure, 2 a usage error, 70 an internal bug (with a hint to report it).
 */
export async function runCli(
  root: AnyCommand,
  rawArgs: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
      // Help for the command named, not for the default one it would run.
      const help = await resolveCommandChain(root, rawArgs, { followDefault: false })
      const cmd = help.chain[help.chain.length - 1] ?? root
      // citty names only the direct parent in the usage line; give it the whole path above the
      // command (`homelab-ai lab` for `lab apply`) as the parent's name.
      const above = await Promise.all(
        help.chain.slice(0, -1).map(async (c) => (await resolve(c.meta))?.name ?? ''),
      )
      const parent = above.length > 0 ? { meta: { name: above.join(' ') } } : undefined
      io.stdout(await renderUsage(forUsage(cmd), parent))
      return 0
    }
    const { chain, rest } = await resolveCommandChain(root, rawArgs)
    const cmd = chain[chain.length - 1] ?? root
    if (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v')) {
      const meta = await resolve(root.meta)
      io.stdout(meta?.version ?? 'unknown')
      return 0
    }
    await checkFlags(cmd, rest)
    await runCommand(root, { rawArgs: [...rawArgs] })
    return 0
  } catch (error) {
    return reportError(error, io)
  }
}

/** One line per failure; a stack trace only when HOMELAB_DEBUG is set. */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof HomelabError) {
    io.stderr(`homelab-ai: ${error.message}`)
    return error.exitCode
  }
  // citty's own parse errors (missing required positional, bad enum) are usage errors too.
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined
  if (error instanceof Error && typeof code === 'string' && code.startsWith('E_')) {
    io.stderr(`homelab-ai: ${error.message}; see --help`)
    return 2
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr(`homelab-ai: internal error: ${message.split('\n')[0] ?? ''}`)
  if (process.env.HOMELAB_DEBUG != null && error instanceof Error) io.stderr(error.stack ?? '')
  else io.stderr('homelab-ai: set HOMELAB_DEBUG=1 for details, and please report it')
  return 70
}
