/**
 * Checks the REAL lessons in content/learn, the way a reviewer would. A problem here is a content
 * bug: the message names the file and the rule. Set HOMELAB_LEARN_CONTENT_DIR to check another
 * folder (a draft, or a merged copy before paths.yaml lands).
 */
import { describe, expect, it } from 'vitest'
import { checkLearningHub } from '../../core/curriculum-rules.js'
import { KNOWN_PAGES } from '../../core/curriculum.js'
import { commandWords } from '../../core/hands-on-fit.js'
import { findModel } from '../../core/model-lookup.js'
import { loadModelCatalog } from '../catalog/load-model-catalog.js'
import { isHttpsUrl, scanBody } from '../../core/lesson-links.js'
import { HARDWARE_PATH_ID, VSPHERE_PATH_ID } from '../../core/next-lesson.js'
import { defaultContentDir, readRawLearningHub } from './load-learning-hub.js'

const contentDir = process.env.HOMELAB_LEARN_CONTENT_DIR ?? defaultContentDir()
const raw = await readRawLearningHub(contentDir)
const { hub, problems } = checkLearningHub(raw)
const lessons = hub?.lessons ?? []
const lessonIds = new Set(lessons.map((l) => l.id))
const models = await loadModelCatalog()

/** The model a hands-on command runs or sizes: `fit MODEL`, or `--model MODEL` of lab plan. */
function modelInCommand(command: string): string | null {
  const words = commandWords(command)
  if (words[1] === 'fit') return words.slice(2).find((w) => !w.startsWith('-')) ?? null
  if (words[1] === 'lab' && words[2] === 'plan') {
    const i = words.indexOf('--model')
    return i === -1 ? null : (words[i + 1] ?? null)
  }
  return null
}

describe(`learning hub content (${contentDir})`, () => {
  it('follows every rule of docs/lesson-format.md', () => {
    // Listed all at once, so one run shows an author everything to fix.
    expect(problems).toEqual([])
  })

  it('has lessons and paths', () => {
    expect(hub?.paths.length ?? 0).toBeGreaterThan(0)
    expect(lessons.length).toBe(raw.lessons.length)
  })

  it('has the paths the next-lesson recommendation brings forward', () => {
    const pathIds = hub?.paths.map((p) => p.id) ?? []
    expect(pathIds).toContain(VSPHERE_PATH_ID)
    expect(pathIds).toContain(HARDWARE_PATH_ID)
  })
})

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const scan = scanBody(lesson.body)

  it('links only to lessons, prerequisites and pages that exist', () => {
    const missing = [
      ...lesson.prerequisites.filter((id) => !lessonIds.has(id)),
      ...scan.links.flatMap((l) =>
        l.target.kind === 'lesson' && !lessonIds.has(l.target.lessonId) ? [l.href] : [],
      ),
      ...scan.links.flatMap((l) =>
        l.target.kind === 'page' && !(KNOWN_PAGES as readonly string[]).includes(l.target.page)
          ? [l.href]
          : [],
      ),
    ]
    expect(missing).toEqual([])
  })

  it('links externally only to well-formed https URLs that are among its sources', () => {
    const urls = new Set(lesson.sources.map((s) => s.url))
    const bad = scan.links.flatMap((l) =>
      l.target.kind === 'lesson' || l.target.kind === 'page'
        ? []
        : !isHttpsUrl(l.href) || !urls.has(l.href)
          ? [l.href]
          : [],
    )
    expect(bad).toEqual([])
    expect(lesson.sources.filter((s) => !isHttpsUrl(s.url))).toEqual([])
  })

  it('cites only its own sources', () => {
    const ids = new Set(lesson.sources.map((s) => s.id))
    expect(scan.citations.filter((c) => !ids.has(c.sourceId))).toEqual([])
  })

  it('asks 2 to 4 questions, each with exactly one right answer and an explanation', () => {
    expect(lesson.questions.length).toBeGreaterThanOrEqual(2)
    expect(lesson.questions.length).toBeLessThanOrEqual(4)
    for (const q of lesson.questions) {
      expect(Number.isInteger(q.answer) && q.answer >= 0 && q.answer < q.choices.length).toBe(true)
      // Two identical choices would make two right answers, or one right answer twice.
      expect(new Set(q.choices.map((c) => c.trim().toLowerCase())).size).toBe(q.choices.length)
      expect(q.explanation.trim()).not.toBe('')
    }
  })

  // That the CLI really accepts each hands-on command is checked in src/cli/lesson-commands.test.ts.
  it('gives a hands-on command for homelab-ai', () => {
    if (lesson.handsOn == null) return
    expect(lesson.handsOn.command.startsWith('homelab-ai ')).toBe(true)
  })

  // The pure validator cannot see the catalog, so the model id is checked against it here.
  it('names, for a step that runs a model, an LLM of the model catalog', () => {
    const id = lesson.handsOn?.model
    if (id == null) return
    expect(models.llm.map((m) => m.id)).toContain(id)
  })

  it('names the model its command runs, so the verdict speaks of the same model', () => {
    if (lesson.handsOn == null) return
    const named = modelInCommand(lesson.handsOn.command)
    if (named == null) return
    expect(lesson.handsOn.model).toBe(findModel(models, named)?.id)
  })
})
