import { runCommand, type ArgsDef, type CommandDef } from 'citty'
import { describe, expect, it } from 'vitest'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { LessonResult } from '../../core/learning-progress.js'
import { TEST_FIT_DATA, TEST_MODELS } from '../../core/test-fit-data.js'
import { esxiVmWithPassthrough, miniPcNoGpu } from '../../core/test-hardware.js'
import { sampleHub } from '../../core/test-learning-hub.js'
import { runCli } from '../run-cli.js'
import { learnCommand, type LearnContext } from './learn.js'

interface FakeOptions {
  profile?: HardwareProfile | null
  results?: LessonResult[]
  answers?: (string | null)[]
  isTty?: boolean
  /** false: leave loadFitInputs out, so learn loads the package catalogs itself. */
  fitInputs?: boolean
}

/** A LearnContext with in-memory progress, scripted answers and captured output. */
function fakeCtx({
  profile = null,
  results = [],
  answers = [],
  isTty = false,
  fitInputs = true,
}: FakeOptions = {}) {
  const out: string[] = []
  const fitLoads: (string | undefined)[] = []
  const err: string[] = []
  const asked: string[] = []
  const recorded: LessonResult[] = []
  const ctx: LearnContext = {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    isTty,
    color: false,
    columns: 72,
    loadHub: () => Promise.resolve(sampleHub()),
    openStore: () =>
      Promise.resolve({
        listLessonResults: () => [...results, ...recorded],
        recordLessonResult: (r) => void recorded.push(r),
        latestProfile: () => profile,
        close: () => undefined,
      }),
    ask: (q) => {
      asked.push(q)
      return Promise.resolve(answers.length > 0 ? (answers.shift() ?? null) : null)
    },
    now: () => new Date('2026-12-01T10:00:00.000Z'),
    ...(fitInputs
      ? {
          loadFitInputs: (db?: string) => {
            fitLoads.push(db)
            return Promise.resolve({ catalog: TEST_MODELS, data: TEST_FIT_DATA, calibration: null })
          },
        }
      : {}),
  }
  return { ctx, out, err, asked, recorded, fitLoads, text: () => out.join('\n') }
}

const run = (ctx: LearnContext, ...rawArgs: string[]) =>
  runCommand(learnCommand(ctx) as CommandDef<ArgsDef>, { rawArgs })

const doneTokens = [
  { lessonId: 'tokens', completedAt: '2026-11-30T09:00:00Z', correct: 2, total: 2 },
]

describe('homelab-ai learn', () => {
  it('lists the paths with progress bars and done counts', async () => {
    const f = fakeCtx({ results: doneTokens })
    await run(f.ctx)
    expect(f.text()).toMatchInlineSnapshot(`
      "Learning paths: 1 of 4 lessons done

      Basics  [#####-----] 1/2
        [x] tokens           Tokens and context (5 min)
        [ ] kv-cache         The KV cache (5 min)

      vSphere for AI  [----------] 0/1
        [ ] gpu-passthrough  GPU passthrough on ESXi (5 min)

      Hardware for AI  [----------] 0/1
        [ ] choosing-a-gpu   Choosing a GPU (5 min)

      Read one: homelab-ai learn LESSON   What next: homelab-ai learn next   Find: homelab-ai learn search WORDS"
    `)
  })

  it('prints the paths as JSON', async () => {
    const f = fakeCtx({ results: doneTokens })
    await run(f.ctx, '--json')
    const json = JSON.parse(f.text()) as { paths: { id: string; lessons: unknown[] }[] }
    expect(json.paths[0]).toEqual({
      id: 'basics',
      title: 'Basics',
      lessons: [
        { id: 'tokens', title: 'Tokens and context', minutes: 5, done: true },
        { id: 'kv-cache', title: 'The KV cache', minutes: 5, done: false },
      ],
    })
    expect(json.paths.map((p) => p.id)).toEqual(['basics', 'vsphere-for-ai', 'hardware-for-ai'])
  })
})

describe('homelab-ai learn LESSON', () => {
  it('renders the lesson with the live lab sentence and the hands-on verdict, without a quiz off a TTY', async () => {
    const f = fakeCtx({ profile: miniPcNoGpu(), results: doneTokens })
    await run(f.ctx, 'kv-cache')
    // The speed is the fit engine's (tested there); here only the sentence around it matters.
    expect(f.text().replace(/about \d+(\.\d+)?(\s+(> )?)tokens/, 'about N$2tokens'))
      .toMatchInlineSnapshot(`
      "The KV cache
      ============

      5 min · path: Basics · builds on: tokens (done)

      Why context costs memory
      ------------------------

      The KV cache keeps keys and values per token,[1] much like a datastore
      keeps every snapshot. See tokens (homelab-ai learn tokens) first.

      > Your lab: no GPU, so there is no VRAM; models load into the 15 GiB of
      > system RAM instead.

      - one key per token
      - one value per token

          homelab-ai probe

      Try it in your lab
      ------------------

          homelab-ai fit llama-3.1-8b-instruct --ctx 32k

      Look at the KV cache line.

      > Note: Your lab has no GPU: this lab runs CPU-only; expect about N
      > tokens/s for Llama 3.1 8B Instruct at Q4_K_M with 32K context.

      Sources
      -------
      [1] llama.cpp README
          https://github.com/ggml-org/llama.cpp"
    `)
    expect(f.asked).toEqual([])
  })

  it('asks each question on a TTY, explains, and records the result', async () => {
    const f = fakeCtx({ isTty: true, answers: ['x', '1', '1'] })
    await run(f.ctx, 'kv-cache')
    expect(f.asked).toEqual(['Your answer (1-3): ', 'Your answer (1-3): ', 'Your answer (1-2): '])
    const quiz = f.out.slice(1).join('\n')
    expect(quiz).toMatchInlineSnapshot(`
      "
      Quiz: 2 questions. Answer by number; an empty answer stops the quiz.

      Question 1 of 2: Which memory holds the model while a GPU runs it?
        1) VRAM
        2) The datastore
        3) The swap file
      Type a number from 1 to 3.
      Right. The GPU reads the weights from its own memory, the VRAM.

      Question 2 of 2: What does a longer context cost?
        1) Nothing
        2) More memory for the KV cache
      Not quite: the answer is 2) More memory for the KV cache. Keys and
      values are kept for every token of the context.

      You got 1 of 2 right; lesson marked done. What next: homelab-ai learn next"
    `)
    expect(f.recorded).toEqual([
      { lessonId: 'kv-cache', completedAt: '2026-12-01T10:00:00.000Z', correct: 1, total: 2 },
    ])
  })

  it('records nothing when the reader stops the quiz', async () => {
    const f = fakeCtx({ isTty: true, answers: ['1', null] })
    await run(f.ctx, 'kv-cache')
    expect(f.out.at(-1)).toBe('Quiz stopped; nothing recorded.')
    expect(f.recorded).toEqual([])
  })

  it('skips the quiz with --no-quiz and with --json', async () => {
    for (const flag of ['--no-quiz', '--json']) {
      const f = fakeCtx({ isTty: true, answers: ['1', '2'] })
      await run(f.ctx, 'kv-cache', flag)
      expect(f.asked).toEqual([])
      expect(f.recorded).toEqual([])
    }
  })

  it('prints the lesson as JSON with body, questions, sources and lab sentences', async () => {
    const f = fakeCtx({ profile: esxiVmWithPassthrough() })
    await run(f.ctx, 'kv-cache', '--json')
    const json = JSON.parse(f.text()) as Record<string, unknown>
    expect(Object.keys(json)).toEqual([
      'id',
      'title',
      'minutes',
      'summary',
      'path',
      'prerequisites',
      'tags',
      'labCheck',
      'lab',
      'handsOn',
      'body',
      'questions',
      'sources',
      'done',
    ])
    expect(json.body).toContain('{{lab:vram}}')
    expect(json.questions).toEqual(sampleHub().lessons[1]?.questions)
    expect(json.sources).toEqual([
      { id: 'llamacpp', title: 'llama.cpp README', url: 'https://github.com/ggml-org/llama.cpp' },
    ])
    expect(json.lab).toEqual([
      { check: 'vram', sentence: expect.stringContaining('24 GiB of VRAM') as string },
    ])
    expect(json.handsOn).toMatchObject({
      command: 'homelab-ai fit llama-3.1-8b-instruct --ctx 32k',
      explain: 'Look at the KV cache line.',
      needs: 'gpu',
      model: 'llama-3.1-8b-instruct',
      prerequisite: {
        ok: true,
        message: expect.stringMatching(
          /^Your NVIDIA GeForce RTX 3090 runs Llama 3.1 8B Instruct at \S+ with 32K context fully on the GPU: expect about \d+ tokens\/s\.$/,
        ) as string,
        fit: { modelId: 'llama-3.1-8b-instruct', contextTokens: 32768, placement: 'gpu' },
      },
    })
    expect(json.prerequisites).toEqual([{ id: 'tokens', title: 'Tokens and context', done: false }])
  })

  it('loads the fit catalogs only for a step that runs a model on a probed lab, from --db', async () => {
    const f = fakeCtx({ profile: esxiVmWithPassthrough() })
    await run(f.ctx, 'gpu-passthrough', '--json')
    await run(f.ctx, 'tokens', '--json')
    expect(f.fitLoads).toEqual([])
    await run(f.ctx, 'kv-cache', '--json', '--db', 'lab.db')
    expect(f.fitLoads).toEqual(['lab.db'])
    const before = fakeCtx({ profile: null })
    await run(before.ctx, 'kv-cache', '--json')
    expect(before.fitLoads).toEqual([])
    const json = JSON.parse(before.text()) as { handsOn: { prerequisite: unknown } }
    expect(json.handsOn.prerequisite).toEqual({
      ok: false,
      message:
        'Not checked yet: this step needs a GPU; run `homelab-ai probe` first to see whether your lab has it.',
    })
  })

  it('loads the package catalogs itself when the context passes none', async () => {
    const f = fakeCtx({ profile: miniPcNoGpu(), fitInputs: false })
    await run(f.ctx, 'kv-cache', '--json')
    const json = JSON.parse(f.text()) as { handsOn: { prerequisite: { message: string } } }
    expect(json.handsOn.prerequisite.message).toMatch(
      /^Your lab has no GPU: this lab runs CPU-only; expect about [\d.]+ tokens\/s for Llama 3.1 8B Instruct/,
    )
  })

  it('rejects an unknown lesson with the closest ids', async () => {
    const f = fakeCtx()
    const error = await run(f.ctx, 'kv-cach').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnknownNameError)
    expect((error as Error).message).toBe('unknown lesson "kv-cach"; did you mean: kv-cache?')
  })

  it('runs through runCli: --no-quiz is a known flag, an unknown lesson exits 2 on one line', async () => {
    const f = fakeCtx()
    const root = learnCommand(f.ctx) as CommandDef<ArgsDef>
    expect(await runCli(root, ['tokens', '--no-quiz'], f.ctx.io)).toBe(0)
    expect(await runCli(root, ['nope'], f.ctx.io)).toBe(2)
    expect(f.err).toEqual(['homelab-ai: unknown lesson "nope"'])
  })
})

describe('homelab-ai learn next', () => {
  it('recommends with its reason, as text and JSON', async () => {
    const f = fakeCtx({ profile: miniPcNoGpu() })
    await run(f.ctx, 'next')
    expect(f.text()).toBe(
      'Next: Choosing a GPU (homelab-ai learn choosing-a-gpu)\n"Hardware for AI" comes early because your lab has no GPU yet.',
    )
    const j = fakeCtx({ profile: esxiVmWithPassthrough() })
    await run(j.ctx, 'next', '--json')
    expect(JSON.parse(j.text())).toEqual({
      lessonId: 'tokens',
      title: 'Tokens and context',
      reason:
        '"vSphere for AI" comes early because your lab is a VMware VM. Read this first: "GPU passthrough on ESXi" builds on it.',
    })
  })
})

describe('homelab-ai learn search', () => {
  it('finds lessons by words, as text and JSON', async () => {
    const f = fakeCtx()
    await run(f.ctx, 'search', 'passthrough', 'esxi')
    expect(f.text()).toMatchInlineSnapshot(`
      "gpu-passthrough  GPU passthrough on ESXi
                       What gpu-passthrough teaches."
    `)
    const j = fakeCtx()
    await run(j.ctx, 'search', 'kv', '--json')
    const json = JSON.parse(j.text()) as { query: string; results: { lessonId: string }[] }
    expect(json.query).toBe('kv')
    expect(json.results.map((r) => r.lessonId)).toEqual(['kv-cache'])
  })

  it('needs words to search for', async () => {
    await expect(run(fakeCtx().ctx, 'search')).rejects.toThrow(UsageError)
  })
})
