import { describe, expect, it } from 'vitest'
import { checkLearningHub, validateLearningHub, type RawLearningHub } from './curriculum-rules.js'
import { closestLessonIds, progressFromResults } from './curriculum.js'
import { InputFileError } from './errors.js'
import { lessonFile, sampleHub, sampleRawHub } from './test-learning-hub.js'

/** The sample hub with one lesson replaced. */
function withLesson(id: string, overrides: Record<string, unknown>, body?: string): RawLearningHub {
  const raw = sampleRawHub()
  return {
    ...raw,
    lessons: raw.lessons.map((l) =>
      l.file.endsWith(`/${id}.md`) ? lessonFile(id, overrides, body) : l,
    ),
  }
}

function problemsOf(raw: RawLearningHub): readonly string[] {
  return checkLearningHub(raw).problems
}

const L = 'content/learn/lessons/tokens.md'

describe('validateLearningHub', () => {
  it('accepts a valid hub and keeps reading order, path ids and bodies', () => {
    const hub = sampleHub()
    expect(hub.paths.map((p) => p.id)).toEqual(['basics', 'vsphere-for-ai', 'hardware-for-ai'])
    expect(hub.lessons.map((l) => [l.id, l.pathId])).toEqual([
      ['tokens', 'basics'],
      ['kv-cache', 'basics'],
      ['gpu-passthrough', 'vsphere-for-ai'],
      ['choosing-a-gpu', 'hardware-for-ai'],
    ])
    const kv = hub.lessons[1]
    expect(kv?.labCheck).toBe('vram')
    expect(kv?.handsOn).toEqual({
      command: 'homelab-ai fit llama-3.1-8b-instruct --ctx 32k',
      explain: 'Look at the KV cache line.',
      needs: 'gpu',
      model: 'llama-3.1-8b-instruct',
    })
    expect(hub.lessons[2]?.handsOn?.model).toBeNull()
    expect(hub.lessons[0]?.labCheck).toBeNull()
  })

  it.each([
    [
      'id differs from the file name',
      { id: 'token' },
      `${L}: id "token" must equal the file name "tokens"`,
    ],
    [
      'minutes out of range',
      { minutes: 12 },
      `${L}: minutes must be a whole number from 3 to 10, got 12`,
    ],
    [
      'minutes not whole',
      { minutes: 4.5 },
      `${L}: minutes must be a whole number from 3 to 10, got 4.5`,
    ],
    ['missing title', { title: '' }, `${L}: title must be a non-empty string`],
    ['unknown field', { labcheck: 'vram' }, `${L}: unknown field "labcheck"`],
    [
      'bad lab check',
      { labCheck: 'disk' },
      `${L}: labCheck must be one of gpu, vram, ram-ratio, cores, storage, coral, virtualization, got "disk"`,
    ],
    [
      'bad hands-on need',
      { handsOn: { command: 'homelab-ai probe', explain: 'x', needs: 'tpu' } },
      `${L}: handsOn.needs must be one of none, gpu, vram-8, coral, vsphere, got "tpu"`,
    ],
    [
      'hands-on model that is no catalog id',
      {
        handsOn: {
          command: 'homelab-ai fit x',
          explain: 'x',
          needs: 'none',
          model: 'Llama 3.1 8B',
        },
      },
      `${L}: handsOn.model must be a model catalog id such as llama-3.1-8b-instruct, got "Llama 3.1 8B"`,
    ],
    [
      'hands-on model that is not text',
      { handsOn: { command: 'homelab-ai fit x', explain: 'x', needs: 'none', model: 8 } },
      `${L}: handsOn.model must be a model catalog id such as llama-3.1-8b-instruct, got 8`,
    ],
    [
      'unknown hands-on field',
      { handsOn: { command: 'homelab-ai fit x', explain: 'x', needs: 'none', models: 'x' } },
      `${L}: unknown field "handsOn.models" (allowed: command, explain, needs, model)`,
    ],
    [
      'missing prerequisites',
      { prerequisites: undefined },
      `${L}: prerequisites is missing (write prerequisites: [] when empty)`,
    ],
    [
      'unknown prerequisite',
      { prerequisites: ['nope'] },
      `${L}: prerequisite "nope" is not a lesson`,
    ],
    [
      'own prerequisite',
      { prerequisites: ['tokens'] },
      `${L}: a lesson cannot be its own prerequisite`,
    ],
    [
      'one question',
      { questions: [{ prompt: 'p', choices: ['a', 'b'], answer: 0, explanation: 'e' }] },
      `${L}: questions must be a list of 2 to 4 questions`,
    ],
    [
      'answer out of range',
      {
        questions: [
          { prompt: 'p', choices: ['a', 'b'], answer: 2, explanation: 'e' },
          { prompt: 'q', choices: ['a', 'b'], answer: 0, explanation: 'e' },
        ],
      },
      `${L}: questions[0].answer must be the 0-based index of the one right choice (0 to 1), got 2`,
    ],
    [
      'repeated choice',
      {
        questions: [
          { prompt: 'p', choices: ['a', 'a'], answer: 0, explanation: 'e' },
          { prompt: 'q', choices: ['a', 'b'], answer: 0, explanation: 'e' },
        ],
      },
      `${L}: questions[0].choices repeat an answer`,
    ],
    [
      'no explanation',
      {
        questions: [
          { prompt: 'p', choices: ['a', 'b'], answer: 0 },
          { prompt: 'q', choices: ['a', 'b'], answer: 0, explanation: 'e' },
        ],
      },
      `${L}: questions[0].explanation must be a non-empty string`,
    ],
    [
      'http source',
      { sources: [{ id: 'llamacpp', title: 't', url: 'http://example.com' }] },
      `${L}: sources[0].url "http://example.com" must be a well-formed https URL`,
    ],
    [
      'duplicate source id',
      {
        sources: [
          { id: 'llamacpp', title: 't', url: 'https://a.example.com' },
          { id: 'llamacpp', title: 't', url: 'https://b.example.com' },
        ],
      },
      `${L}: source id "llamacpp" is used twice`,
    ],
    [
      'source id not kebab',
      { sources: [{ id: 'LlamaCpp', title: 't', url: 'https://a.example.com' }] },
      `${L}: sources[0].id "LlamaCpp" must be kebab-case`,
    ],
  ])('reports %s', (_name, overrides, expected) => {
    expect(problemsOf(withLesson('tokens', overrides)).some((p) => p.startsWith(expected))).toBe(
      true,
    )
  })

  it.each([
    [
      'an unknown citation',
      'A fact.[^nope]',
      'body line 1: [^nope] cites no source of this lesson (sources: llamacpp)',
    ],
    [
      'a link to no lesson',
      'See [this](lesson:nothing).[^llamacpp]',
      'body line 1: link "lesson:nothing" points to no lesson',
    ],
    [
      'a link to no page',
      'See [this](page:settings).[^llamacpp]',
      'body line 1: link "page:settings" points to no dashboard page',
    ],
    [
      'an external link missing from sources',
      'See [docs](https://example.com/docs).[^llamacpp]',
      'body line 1: link "https://example.com/docs" must also be listed in sources',
    ],
    [
      'an http link',
      'See [docs](http://example.com).[^llamacpp]',
      'body line 1: link "http://example.com": only https://, lesson: and page: links are allowed',
    ],
    [
      'a relative link',
      'See [docs](../x.md).[^llamacpp]',
      'body line 1: link "../x.md": only https://, lesson: and page: links are allowed',
    ],
    [
      'an unknown lab check',
      'Text.[^llamacpp]\n\n{{lab:disk}}',
      'body line 3: {{lab:disk}} is not a lab check',
    ],
    [
      'a lab marker inside a sentence',
      'Your lab: {{lab:vram}} here.[^llamacpp]',
      'body line 1: a {{lab:x}} marker must stand alone on its line',
    ],
    [
      'a level-1 heading',
      '# Title again\n\nText.[^llamacpp]',
      'body line 1: headings start at ## (the title is the #)',
    ],
    ['raw HTML', 'Text<br>more.[^llamacpp]', 'body line 1: raw HTML <br> is not allowed'],
    ['an empty body', '   \n', 'has no body after the frontmatter'],
  ])('reports %s in the body', (_name, body, expected) => {
    const problems = problemsOf(withLesson('tokens', {}, body))
    expect(problems).toContainEqual(expect.stringContaining(`${L}: ${expected}`))
  })

  it('ignores links, markers and HTML inside code', () => {
    const body =
      'Text.[^llamacpp] Use `<gpu>` and `[x](http://a)`.\n\n```\n<br> [^nope] {{lab:disk}}\n# not a heading\n```\n'
    expect(problemsOf(withLesson('tokens', {}, body))).toEqual([])
  })

  it('accepts external links listed in sources, lesson and page links', () => {
    const body =
      'See [the README](https://github.com/ggml-org/llama.cpp), [KV](lesson:kv-cache) and [models](page:models).'
    expect(problemsOf(withLesson('tokens', {}, body))).toEqual([])
  })

  it('reports a lesson in no path, in two paths, and a path listing a missing file', () => {
    const raw = sampleRawHub()
    const paths = raw.paths as { paths: { id: string; lessons: string[] }[] }
    const [basics, vsphere, hardware] = paths.paths
    if (basics == null || vsphere == null || hardware == null) throw new Error('sample changed')
    const broken: RawLearningHub = {
      ...raw,
      paths: {
        paths: [
          { ...basics, lessons: ['tokens', 'kv-cache', 'ghost'] },
          { ...vsphere, lessons: ['gpu-passthrough', 'tokens'] },
          hardware,
        ],
      },
      lessons: [...raw.lessons, lessonFile('orphan')],
    }
    expect(problemsOf(broken)).toEqual([
      'content/learn/paths.yaml: path "basics" lists "ghost", but there is no lessons/ghost.md',
      'content/learn/paths.yaml: lesson "tokens" is in path "basics" and "vsphere-for-ai"; a lesson belongs to exactly one path',
      'content/learn/lessons/orphan.md: lesson "orphan" is in no path of content/learn/paths.yaml',
    ])
  })

  it('reports a prerequisite circle', () => {
    const raw = withLesson('tokens', { prerequisites: ['kv-cache'] })
    expect(problemsOf(raw)).toEqual([
      'content/learn/lessons/tokens.md: prerequisites go in a circle: tokens -> kv-cache -> tokens',
    ])
  })

  it('reports malformed paths.yaml and reserved ids', () => {
    expect(problemsOf({ ...sampleRawHub(), paths: { path: [] } })[0]).toBe(
      'content/learn/paths.yaml: must have a top-level "paths:" list',
    )
    const raw = sampleRawHub()
    const reserved = problemsOf({ ...raw, lessons: [...raw.lessons, lessonFile('next')] })
    expect(reserved).toContain(
      'content/learn/lessons/next.md: "next" is a word of the learn command (learn next); pick another id',
    )
  })

  it('throws an InputFileError with the first problem and the count of the others', () => {
    const raw = withLesson('tokens', { minutes: 1, title: '' })
    expect(() => validateLearningHub(raw)).toThrow(InputFileError)
    expect(() => validateLearningHub(raw)).toThrow(
      'content/learn/lessons/tokens.md: minutes must be a whole number from 3 to 10, got 1 (and 1 more problems)',
    )
  })
})

describe('curriculum helpers', () => {
  it('suggests close lesson ids', () => {
    const hub = sampleHub()
    expect(closestLessonIds(hub, 'kv-cach')).toEqual(['kv-cache'])
    expect(closestLessonIds(hub, 'gpu')).toEqual(['choosing-a-gpu', 'gpu-passthrough'])
    expect(closestLessonIds(hub, 'zzzzzz')).toEqual([])
  })

  it('counts a lesson as done once any quiz result exists', () => {
    const progress = progressFromResults([
      { lessonId: 'tokens', completedAt: '2026-01-01T00:00:00Z', correct: 0, total: 2 },
    ])
    expect([...progress.done]).toEqual(['tokens'])
  })
})
