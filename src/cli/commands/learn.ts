import { defineCommand } from 'citty'
import {
  closestLessonIds,
  findLesson,
  progressFromResults,
  type LearningHub,
  type Lesson,
} from '../../core/curriculum.js'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import type { HandsOnFitInputs } from '../../core/hands-on-fit.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { LessonResult } from '../../core/learning-progress.js'
import {
  lessonView,
  needsFitInputs,
  nextLessonView,
  pathsView,
  searchView,
} from '../../core/learn-views.js'
import {
  formatLesson,
  formatPaths,
  formatQuestion,
  formatSearch,
  type TextStyle,
} from '../format/learn-format.js'
import { renderMarkdownForTerminal } from '../format/markdown-terminal.js'

/** What `learn` needs from the local store. */
export interface LearnStore {
  listLessonResults(): LessonResult[]
  recordLessonResult(r: LessonResult): void
  /** The newest saved probe of this machine, for the live lab checks. */
  latestProfile(): HardwareProfile | null
  close(): void
}

export interface LearnContext {
  readonly io: { stdout(t: string): void; stderr(t: string): void }
  readonly isTty: boolean
  loadHub(): Promise<LearningHub>
  /** Opens the local store (`--db`, else the default file) for progress and the latest probe. */
  openStore(dbPath?: string): Promise<LearnStore>
  /** Asks the reader; null when input ended (Ctrl-D) or was cancelled. */
  ask(question: string): Promise<string | null>
  now(): Date
  /** Terminal width; 80 when unknown. */
  readonly columns?: number
  /** ANSI colors; defaults to `isTty` (the shell turns it off for NO_COLOR). */
  readonly color?: boolean
  /**
   * The fit catalogs (and this machine's benchmark calibration) for a hands-on step that runs a
   * model; default: the package catalogs without calibration (learn-fit-inputs.ts).
   */
  loadFitInputs?(dbPath?: string): Promise<HandsOnFitInputs>
}

/** Longer lines are hard to read even on a wide terminal. */
const MAX_WIDTH = 100
const SEARCH_RESULTS = 8

/** `homelab-ai learn [LESSON | next | search WORDS] [--json] [--no-quiz]`. */
export const learnCommand = (ctx: LearnContext) =>
  defineCommand({
    meta: {
      name: 'learn',
      description: 'Learn AI/ML as a vSphere admin, with lessons tied to your own lab',
    },
    args: {
      lesson: {
        type: 'positional',
        required: false,
        description: 'A lesson id; or "next" for a recommendation; or "search WORDS"',
      },
      json: { type: 'boolean', description: 'Print JSON instead of text' },
      db: {
        type: 'string',
        description: 'SQLite file for progress (default: the data folder)',
        valueHint: 'PATH',
      },
      quiz: {
        type: 'boolean',
        default: true,
        description: 'Ask the lesson questions afterwards (in a terminal)',
        negativeDescription: 'Show the lesson without asking its questions',
      },
    },
    async run({ args }) {
      const words = args._.map(String)
      const json = args.json === true
      const style: TextStyle = {
        width: Math.min(MAX_WIDTH, ctx.columns ?? 80),
        color: ctx.color ?? ctx.isTty,
      }
      const hub = await ctx.loadHub()
      const store = await ctx.openStore(args.db)
      try {
        return await runLearn(ctx, store, hub, words, { json, quiz: args.quiz, db: args.db }, style)
      } finally {
        store.close()
      }
    },
  })

async function runLearn(
  ctx: LearnContext,
  store: LearnStore,
  hub: LearningHub,
  words: string[],
  { json, quiz, db }: { json: boolean; quiz: boolean; db: string | undefined },
  style: TextStyle,
) {
  const progress = progressFromResults(store.listLessonResults())
  const print = (data: unknown, text: () => string) =>
    ctx.io.stdout(json ? JSON.stringify(data, null, 2) : text())

  const [first, ...rest] = words
  if (first == null) {
    const view = pathsView(hub, progress)
    print(view, () => formatPaths(view, style))
    return view
  }
  if (first === 'next') {
    if (rest.length > 0) throw new UsageError('"learn next" takes no other words')
    const rec = nextLessonView(hub, progress, store.latestProfile())
    print(rec, () =>
      rec.lessonId == null
        ? rec.reason
        : `Next: ${rec.title} (homelab-ai learn ${rec.lessonId})\n${rec.reason}`,
    )
    return rec
  }
  if (first === 'search') {
    const query = rest.join(' ').trim()
    if (query === '')
      throw new UsageError('"learn search" needs words to look for, e.g. learn search kv cache')
    const view = searchView(hub, query, SEARCH_RESULTS)
    print(view, () => formatSearch(query, view.results))
    return view
  }
  if (rest.length > 0)
    throw new UsageError(
      `"learn" takes one lesson id, got ${words.length} words; to search: learn search ${words.join(' ')}`,
    )
  const lesson = findLesson(hub, first)
  if (lesson == null) throw new UnknownNameError('lesson', first, closestLessonIds(hub, first))
  const hw = store.latestProfile()
  // Catalogs load only for a step that runs a model on a probed lab: other lessons stay fast.
  const fitInputs = needsFitInputs(lesson, hw)
    ? await (ctx.loadFitInputs?.(db) ??
        import('../learn-fit-inputs.js').then((m) => m.loadPackageFitInputs()))
    : null
  const view = lessonView(hub, lesson, progress, hw, fitInputs)
  print(view, () => formatLesson(view, lesson, style))
  if (json || !quiz || !ctx.isTty) return view
  const result = await runQuiz(lesson, ctx, style)
  if (result != null) store.recordLessonResult(result)
  return view
}

/** Asks each question by number; returns null when the reader stops before the end. */
async function runQuiz(
  lesson: Lesson,
  ctx: LearnContext,
  style: TextStyle,
): Promise<LessonResult | null> {
  // Wrapped like the lesson; prompts and explanations may hold `code` and **emphasis** too.
  const say = (text: string) => ctx.io.stdout(renderMarkdownForTerminal(text, style))
  const total = lesson.questions.length
  ctx.io.stdout(`\nQuiz: ${total} questions. Answer by number; an empty answer stops the quiz.`)
  let correct = 0
  for (const [index, q] of lesson.questions.entries()) {
    ctx.io.stdout(`\n${formatQuestion(q, index, total, style)}`)
    let choice: number | null = null
    while (choice == null) {
      const answer = (await ctx.ask(`Your answer (1-${q.choices.length}): `))?.trim() ?? ''
      if (answer === '') {
        ctx.io.stdout('Quiz stopped; nothing recorded.')
        return null
      }
      const n = Number(answer)
      if (Number.isInteger(n) && n >= 1 && n <= q.choices.length) choice = n - 1
      else ctx.io.stdout(`Type a number from 1 to ${q.choices.length}.`)
    }
    const right = choice === q.answer
    if (right) correct++
    const verdict = right
      ? 'Right.'
      : `Not quite: the answer is ${q.answer + 1}) ${q.choices[q.answer] ?? ''}.`
    say(`${verdict} ${q.explanation}`)
  }
  ctx.io.stdout(
    `\nYou got ${correct} of ${total} right; lesson marked done. What next: homelab-ai learn next`,
  )
  return { lessonId: lesson.id, completedAt: ctx.now().toISOString(), correct, total }
}
