import { describe, expect, it } from 'vitest'
import { defineCommand, type ArgsDef, type CommandDef } from 'citty'
import { runCli } from './run-cli.js'
import { UsageError } from '../core/errors.js'
import { lazyCommand } from './lazy-command.js'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) },
    out,
    err,
  }
}

const leaf = defineCommand({
  meta: { name: 'leaf' },
  args: { ram: { type: 'string' }, json: { type: 'boolean' } },
  run({ args }) {
    if (args.ram === '-3') throw new UsageError('--ram must be a positive number of GiB, got -3')
    if (args.ram === 'boom') throw new Error('kaboom\n    at somewhere')
  },
})
const root: CommandDef<ArgsDef> = defineCommand<ArgsDef>({
  meta: { name: 'homelab-ai' },
  subCommands: { leaf: () => leaf },
})

describe('runCli', () => {
  it('runs a sub-command with known flags', async () => {
    const c = capture()
    expect(await runCli(root, ['leaf', '--ram', '32', '--json'], c.io)).toBe(0)
    expect(c.err).toEqual([])
  })
  it('rejects an unknown flag with exit code 2 and one line', async () => {
    const c = capture()
    expect(await runCli(root, ['leaf', '--frobnicate'], c.io)).toBe(2)
    expect(c.err).toEqual(['homelab-ai: unknown option "--frobnicate" for "leaf"; see --help'])
  })
  it('maps a usage error to exit code 2', async () => {
    const c = capture()
    expect(await runCli(root, ['leaf', '--ram=-3'], c.io)).toBe(2)
    expect(c.err[0]).toBe('homelab-ai: --ram must be a positive number of GiB, got -3')
  })
  it('prints no stack trace for an unexpected error', async () => {
    const c = capture()
    expect(await runCli(root, ['leaf', '--ram', 'boom'], c.io)).toBe(70)
    expect(c.err.join('\n')).not.toContain('at somewhere')
  })
  it('prints usage for --help of a sub-command', async () => {
    const c = capture()
    expect(await runCli(root, ['leaf', '--help'], c.io)).toBe(0)
    expect(c.out.join('')).toContain('--ram')
  })
  it('names the whole command path in the usage line of a nested command', async () => {
    const nested = defineCommand<ArgsDef>({
      meta: { name: 'homelab-ai' },
      subCommands: {
        group: () => defineCommand({ meta: { name: 'group' }, subCommands: { leaf: () => leaf } }),
      },
    })
    const c = capture()
    expect(await runCli(nested, ['group', 'leaf', '--help'], c.io)).toBe(0)
    expect(c.out.join('')).toContain('homelab-ai group leaf [OPTIONS]')
  })
})

describe('help', () => {
  it('lists lazy sub-commands without loading them, and does not follow the default', async () => {
    let loaded = 0
    const lazyRoot: CommandDef<ArgsDef> = defineCommand<ArgsDef>({
      meta: { name: 'homelab-ai', description: 'root' },
      default: 'leaf',
      subCommands: {
        leaf: lazyCommand({ name: 'leaf', description: 'the leaf command' }, () => {
          loaded++
          return Promise.resolve(leaf)
        }),
      },
    })
    const c = capture()
    expect(await runCli(lazyRoot, ['--help'], c.io)).toBe(0)
    expect(c.out.join('')).toContain('the leaf command')
    expect(loaded).toBe(0)
    const d = capture()
    expect(await runCli(lazyRoot, ['leaf', '--help'], d.io)).toBe(0)
    expect(d.out.join('')).toContain('--ram')
    expect(loaded).toBe(1)
  })
})
