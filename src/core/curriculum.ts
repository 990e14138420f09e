/**
 * The learning hub as plain data: paths of lessons, each lesson with its sources, quiz, live lab
 * check and hands-on step. The format is docs/lesson-format.md; curriculum-rules.ts checks it.
 */
import type { LessonResult } from './learning-progress.js'
import { editDistance } from './edit-distance.js'

/** Live checks a lesson can show about the reader's own lab (`{{lab:x}}`, `labCheck: x`). */
export const LAB_CHECKS = [
  'gpu',
  'vram',
  'ram-ratio',
  'cores',
  'storage',
  'coral',
  'virtualization',
] as const
export type LabCheck = (typeof LAB_CHECKS)[number]

/** What a hands-on step needs from the reader's lab. */
export const HANDS_ON_NEEDS = ['none', 'gpu', 'vram-8', 'coral', 'vsphere'] as const
export type HandsOnNeed = (typeof HANDS_ON_NEEDS)[number]

/** Dashboard pages a lesson may link to with `page:x` (the web UI's pages, DESIGN.md). */
export const KNOWN_PAGES = ['overview', 'models', 'lab', 'benchmarks', 'learn'] as const

/**
 * Words after `homelab-ai learn` that are verbs, not lesson ids (`learn next`, `learn search`),
 * so no lesson may take them as its id.
 */
export const RESERVED_LESSON_IDS = ['next', 'search'] as const

/** A reference a lesson cites with `[^id]`. */
export interface Source {
  readonly id: string
  readonly title: string
  readonly url: string
}

/** A multiple-choice question with exactly one right choice. */
export interface Question {
  readonly prompt: string
  readonly choices: readonly string[]
  /** 0-based index into `choices`. */
  readonly answer: number
  readonly explanation: string
}

/** A command the reader runs on their own lab, and what to look at. */
export interface HandsOn {
  readonly command: string
  readonly explain: string
  readonly needs: HandsOnNeed
  /**
   * Catalog id of the LLM the command runs or sizes (`llama-3.1-8b-instruct`), so the verdict
   * can say how fast it runs on the reader's lab; null when the step runs no model.
   */
  readonly model: string | null
}

export interface Lesson {
  readonly id: string
  readonly title: string
  /** Reading time, 3 to 10 minutes. */
  readonly minutes: number
  readonly summary: string
  readonly prerequisites: readonly string[]
  readonly tags: readonly string[]
  readonly labCheck: LabCheck | null
  readonly handsOn: HandsOn | null
  readonly sources: readonly Source[]
  readonly questions: readonly Question[]
  /** Markdown after the frontmatter. */
  readonly body: string
  /** The one path this lesson belongs to. */
  readonly pathId: string
}

export interface LearningPath {
  readonly id: string
  readonly title: string
  readonly summary: string
  /** Lesson ids in reading order. */
  readonly lessons: readonly string[]
}

export interface LearningHub {
  readonly paths: readonly LearningPath[]
  /** Every lesson, in reading order: path by path, then as each path lists them. */
  readonly lessons: readonly Lesson[]
}

/** What the reader has finished. */
export interface Progress {
  readonly done: ReadonlySet<string>
}

/** A lesson counts as done once its quiz was finished at least once, whatever the score. */
export function progressFromResults(results: readonly LessonResult[]): Progress {
  return { done: new Set(results.map((r) => r.lessonId)) }
}

/** The lesson with this id, or undefined. */
export function findLesson(hub: LearningHub, id: string): Lesson | undefined {
  return hub.lessons.find((l) => l.id === id)
}

/** The path with this id, or undefined. */
export function findPath(hub: LearningHub, id: string): LearningPath | undefined {
  return hub.paths.find((p) => p.id === id)
}

/** Lesson ids closest to a mistyped one: substring matches first, then small edit distances. */
export function closestLessonIds(hub: LearningHub, input: string, max = 3): string[] {
  const needle = input.toLowerCase()
  const scored: { id: string; score: number }[] = []
  for (const { id } of hub.lessons) {
    const distance = editDistance(needle, id)
    const contains = needle.length >= 3 && (id.includes(needle) || needle.includes(id))
    const limit = Math.max(2, Math.floor(id.length / 3))
    if (contains) scored.push({ id, score: -1 })
    else if (distance <= limit) scored.push({ id, score: distance })
  }
  return scored
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((s) => s.id)
}
