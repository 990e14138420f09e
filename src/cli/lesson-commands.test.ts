import { describe, expect, it } from 'vitest'
import { loadLearningHub } from '../adapters/content/load-learning-hub.js'
import { commandWords } from '../core/hands-on-fit.js'
import { esxiVmWithPassthrough } from '../core/test-hardware.js'
import { createMain } from './main.js'
import { checkFlags, resolveCommandChain, runCli } from './run-cli.js'
import { createTestContext } from './test-context.js'

const hub = await loadLearningHub()
const handsOn = hub.lessons.flatMap((l) => (l.handsOn == null ? [] : [[l.id, l.handsOn.command]]))

/**
 * `bench` really measures (the LLM run alone takes 10 to 60 s and loads llama.cpp), which a unit
 * test must not do: these run as `--help`, after the sub-command and every flag are checked
 * against the command tree. bench.test.ts tests the runs themselves with fakes.
 */
const isBench = (args: readonly string[]) => args[0] === 'bench'

describe('hands-on commands in lessons', () => {
  it('exist', () => {
    expect(handsOn.length).toBeGreaterThan(5)
  })

  // Each command runs through the real command tree on a fake ESXi VM with a passed-through GPU.
  it.each(handsOn)('%s: `%s` runs', async (_id, command) => {
    const [program, ...args] = commandWords(command)
    expect(program).toBe('homelab-ai')
    const ctx = createTestContext(esxiVmWithPassthrough())
    const main = createMain(ctx)
    if (isBench(args)) {
      const { chain, rest } = await resolveCommandChain(main, args, { followDefault: false })
      const names = await Promise.all(
        chain.map(async (c) => (await (typeof c.meta === 'function' ? c.meta() : c.meta))?.name),
      )
      // The chain names every word that is not a flag: no sub-command was mistaken for a value.
      expect(names.slice(1)).toEqual(args.filter((a) => !a.startsWith('-')).map(String))
      const cmd = chain[chain.length - 1]
      if (cmd != null) await checkFlags(cmd, rest)
    }
    const code = await runCli(main, isBench(args) ? [...args, '--help'] : args, ctx.io)
    expect(ctx.err).toEqual([])
    expect(code).toBe(0)
  })
})
