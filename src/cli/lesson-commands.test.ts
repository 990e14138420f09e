import { describe, expect, it } from 'vitest'
import { loadLearningHub } from '../adapters/content/load-learning-hub.js'
import { esxiVmWithPassthrough } from '../core/test-hardware.js'
import { createMain } from './main.js'
import { runCli } from './run-cli.js'
import { createTestContext } from './test-context.js'

/** Splits a documented command line into words, honouring simple "double quotes". */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

const hub = await loadLearningHub()
const handsOn = hub.lessons.flatMap((l) => (l.handsOn == null ? [] : [[l.id, l.handsOn.command]]))

describe('hands-on commands in lessons', () => {
  it('exist', () => {
    expect(handsOn.length).toBeGreaterThan(5)
  })

  // Each command runs through the real command tree on a fake ESXi VM with a passed-through GPU.
  it.each(handsOn)('%s: `%s` runs', async (_id, command) => {
    const [program, ...args] = words(command)
    expect(program).toBe('homelab-ai')
    const ctx = createTestContext(esxiVmWithPassthrough())
    const code = await runCli(createMain(ctx), args, ctx.io)
    expect(ctx.err).toEqual([])
    expect(code).toBe(0)
  })
})
