import type { ArgsDef, CommandDef, CommandMeta } from 'citty'

/** A sub-command loader that also carries its name and description, so help can list it unloaded. */
export type LazyCommand = (() => Promise<CommandDef<ArgsDef>>) & { readonly meta: CommandMeta }

/** Wraps a dynamic import: the module loads only when the command runs or shows its own help. */
export function lazyCommand(meta: CommandMeta, load: () => Promise<object>): LazyCommand {
  // citty resolves sub-commands as CommandDef<ArgsDef>; each command checks its own args type.
  return Object.assign(() => load() as Promise<CommandDef<ArgsDef>>, { meta })
}

function isLazy(value: unknown): value is LazyCommand {
  return typeof value === 'function' && 'meta' in value
}

/**
 * The same command for `renderUsage`, with each lazy sub-command replaced by its static meta:
 * `homelab-ai --help` then lists every command without importing any of them.
 */
export function forUsage(cmd: CommandDef<ArgsDef>): CommandDef<ArgsDef> {
  const subs = cmd.subCommands
  if (subs == null || typeof subs === 'function' || subs instanceof Promise) return cmd
  const light = Object.fromEntries(
    Object.entries(subs).map(([name, sub]) => [name, isLazy(sub) ? { meta: sub.meta } : sub]),
  )
  return { ...cmd, subCommands: light }
}
