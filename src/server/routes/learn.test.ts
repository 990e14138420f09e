import { runCommand, type ArgsDef, type CommandDef } from 'citty'
import { describe, expect, it } from 'vitest'
import { learnCommand } from '../../cli/commands/learn.js'
import type { Calibration } from '../../core/fit-request.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { LessonView } from '../../core/report-views.js'
import { sampleHub } from '../../core/test-learning-hub.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import { createApp } from '../app.js'
import type { ServerDeps } from '../server-deps.js'
import { testServerDeps } from '../test-server.js'

const ORIGIN = 'http://127.0.0.1:8765'

async function lessonFromApi(
  id: string,
  profile: HardwareProfile | null,
  overrides: Partial<ServerDeps> = {},
): Promise<LessonView> {
  const t = testServerDeps(overrides)
  if (profile != null) t.deps.history.saveSnapshot(profile)
  const res = await createApp(t.deps).request(`${ORIGIN}/api/learn/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as LessonView
}

/** `homelab-ai learn ID --json` with the test server's catalogs, hub and probe. */
async function lessonFromCli(id: string, profile: HardwareProfile): Promise<LessonView> {
  const { deps } = testServerDeps()
  const out: string[] = []
  const cmd = learnCommand({
    io: { stdout: (t) => out.push(t), stderr: () => undefined },
    isTty: false,
    loadHub: () => Promise.resolve(sampleHub()),
    openStore: () =>
      Promise.resolve({
        listLessonResults: () => [],
        recordLessonResult: () => undefined,
        latestProfile: () => profile,
        close: () => undefined,
      }),
    ask: () => Promise.resolve(null),
    now: () => new Date('2026-12-01T10:00:00Z'),
    loadFitInputs: async () => ({
      catalog: await deps.loadModelCatalog(),
      data: await deps.loadFitData(),
      calibration: null,
    }),
  }) as CommandDef<ArgsDef>
  await runCommand(cmd, { rawArgs: [id, '--json'] })
  return JSON.parse(out.join('\n')) as LessonView
}

describe('GET /api/learn/:lessonId hands-on verdict', () => {
  it.each([
    ['the RTX 3090 box', rtx3090Box()],
    ['the mini PC without a GPU', miniPcNoGpu()],
  ])('says how fast the step model runs on %s, in the same words as the CLI', async (_n, hw) => {
    const api = await lessonFromApi('kv-cache', hw)
    const cli = await lessonFromCli('kv-cache', hw)
    expect(api.handsOn?.prerequisite.message).toMatch(/expect about [\d.]+ tokens\/s/)
    expect(api.handsOn?.prerequisite).toEqual(cli.handsOn?.prerequisite)
    expect(api.handsOn?.model).toBe('llama-3.1-8b-instruct')
  })

  it('uses the benchmark calibration, as GET /api/fit does', async () => {
    const calibration: Calibration = { memoryBandwidthGBps: 30 }
    const api = await lessonFromApi('kv-cache', miniPcNoGpu(), {
      loadCalibration: () => Promise.resolve(calibration),
    })
    expect(api.handsOn?.prerequisite.fit?.speedBasis).toBe('measured')
    expect(api.handsOn?.prerequisite.message).toContain('(scaled from your own benchmark)')
  })

  it('asks for a probe first when none is saved', async () => {
    const api = await lessonFromApi('kv-cache', null)
    expect(api.handsOn?.prerequisite).toEqual({
      ok: false,
      message:
        'Not checked yet: this step needs a GPU; run `homelab-ai probe` first to see whether your lab has it.',
    })
  })
})
