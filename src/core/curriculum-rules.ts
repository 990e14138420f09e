import {
  HANDS_ON_NEEDS,
  KNOWN_PAGES,
  LAB_CHECKS,
  RESERVED_LESSON_IDS,
  type HandsOn,
  type LabCheck,
  type LearningHub,
  type LearningPath,
  type Lesson,
  type Question,
  type Source,
} from './curriculum.js'
import { InputFileError } from './errors.js'
import { isHttpsUrl, scanBody } from './lesson-links.js'

/** One lesson file as the loader read it: frontmatter already parsed from YAML, body as text. */
export interface RawLessonFile {
  /** Path shown in messages, e.g. `content/learn/lessons/kv-cache.md`. */
  readonly file: string
  readonly frontmatter: unknown
  readonly body: string
}

/** The whole hub as read from disk, before any checking. */
export interface RawLearningHub {
  readonly pathsFile: string
  readonly paths: unknown
  readonly lessons: readonly RawLessonFile[]
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/
// Model catalog ids are lower case with dots for versions (`llama-3.1-8b-instruct`). Whether the
// id is in the catalog is checked by the content quality test: this validator stays pure.
const MODEL_ID = /^[a-z0-9]+([.-][a-z0-9]+)*$/
const MIN_MINUTES = 3
const MAX_MINUTES = 10
const MIN_QUESTIONS = 2
const MAX_QUESTIONS = 4
const LESSON_KEYS = [
  'id',
  'title',
  'minutes',
  'summary',
  'prerequisites',
  'tags',
  'labCheck',
  'handsOn',
  'sources',
  'questions',
]

type Report = (message: string) => void

/**
 * Checks every rule of docs/lesson-format.md and returns all problems (`file: problem`),
 * so a content author sees the full list at once; `hub` is null when there is any problem.
 */
export function checkLearningHub(raw: RawLearningHub): {
  readonly hub: LearningHub | null
  readonly problems: readonly string[]
} {
  const problems: string[] = []
  const reporter =
    (file: string): Report =>
    (message) =>
      problems.push(`${file}: ${message}`)

  const paths = readPaths(raw.paths, reporter(raw.pathsFile))
  const lessons = new Map<string, Omit<Lesson, 'pathId'>>()
  for (const file of raw.lessons) {
    const lesson = readLesson(file, reporter(file.file))
    if (lesson == null) continue
    if (lessons.has(lesson.id)) reporter(file.file)(`lesson id "${lesson.id}" is used twice`)
    else lessons.set(lesson.id, lesson)
  }

  const pathOf = new Map<string, string>()
  const reportPaths = reporter(raw.pathsFile)
  for (const path of paths) {
    for (const id of path.lessons) {
      const other = pathOf.get(id)
      if (other != null)
        reportPaths(
          `lesson "${id}" is in path "${other}" and "${path.id}"; a lesson belongs to exactly one path`,
        )
      else pathOf.set(id, path.id)
      if (!lessons.has(id) && !raw.lessons.some((f) => fileId(f.file) === id))
        reportPaths(`path "${path.id}" lists "${id}", but there is no lessons/${id}.md`)
    }
  }
  for (const file of raw.lessons) {
    const id = fileId(file.file)
    if (!pathOf.has(id)) reporter(file.file)(`lesson "${id}" is in no path of ${raw.pathsFile}`)
  }

  for (const file of raw.lessons) {
    const lesson = lessons.get(fileId(file.file))
    if (lesson == null) continue
    const report = reporter(file.file)
    for (const pre of lesson.prerequisites)
      if (!lessons.has(pre)) report(`prerequisite "${pre}" is not a lesson`)
    checkBodyLinks(lesson, new Set(lessons.keys()), report)
  }
  const cycle = findCycle(lessons)
  if (cycle != null) {
    const file = raw.lessons.find((f) => fileId(f.file) === cycle[0])?.file ?? raw.pathsFile
    problems.push(`${file}: prerequisites go in a circle: ${cycle.join(' -> ')}`)
  }

  if (problems.length > 0) return { hub: null, problems }
  const ordered: Lesson[] = []
  for (const path of paths)
    for (const id of path.lessons) {
      const lesson = lessons.get(id)
      if (lesson != null) ordered.push({ ...lesson, pathId: path.id })
    }
  return { hub: { paths, lessons: ordered }, problems }
}

/** Checks the hub and returns it, or throws an InputFileError with the first problem (and the count). */
export function validateLearningHub(raw: RawLearningHub): LearningHub {
  const { hub, problems } = checkLearningHub(raw)
  if (hub == null || problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''
    throw new InputFileError(`${problems[0] ?? 'learning hub is invalid'}${more}`)
  }
  return hub
}

function fileId(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/, '')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

function text(obj: Record<string, unknown>, key: string, where: string, report: Report): string {
  const value = obj[key]
  if (typeof value !== 'string' || value.trim() === '') {
    report(`${where}${key} must be a non-empty string`)
    return ''
  }
  return value.trim()
}

function kebabId(obj: Record<string, unknown>, key: string, where: string, report: Report): string {
  const value = text(obj, key, where, report)
  if (value !== '' && !KEBAB.test(value)) report(`${where}${key} "${value}" must be kebab-case`)
  return value
}

function stringList(obj: Record<string, unknown>, key: string, report: Report): string[] {
  const value = obj[key]
  if (value == null) {
    report(`${key} is missing (write ${key}: [] when empty)`)
    return []
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    report(`${key} must be a list of non-empty strings`)
    return []
  }
  return value.map((v) => (v as string).trim())
}

function unknownKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
  report: Report,
): void {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key))
      report(`unknown field "${where}${key}" (allowed: ${allowed.join(', ')})`)
}

function readPaths(raw: unknown, report: Report): LearningPath[] {
  if (!isRecord(raw) || !Array.isArray(raw.paths)) {
    report('must have a top-level "paths:" list')
    return []
  }
  unknownKeys(raw, ['paths'], '', report)
  const seen = new Set<string>()
  const out: LearningPath[] = []
  raw.paths.forEach((p: unknown, i) => {
    const where = `paths[${i}].`
    if (!isRecord(p))
      return report(`paths[${i}] must be a mapping with id, title, summary, lessons`)
    unknownKeys(p, ['id', 'title', 'summary', 'lessons'], where, report)
    const id = kebabId(p, 'id', where, report)
    if (seen.has(id)) report(`path id "${id}" is used twice`)
    seen.add(id)
    const lessons = stringList(p, 'lessons', (m) => report(`${where}${m}`))
    if (lessons.length === 0) report(`${where}lessons must list at least one lesson id`)
    const dup = lessons.find((l, j) => lessons.indexOf(l) !== j)
    if (dup != null) report(`path "${id}" lists "${dup}" twice`)
    out.push({
      id,
      title: text(p, 'title', where, report),
      summary: text(p, 'summary', where, report),
      lessons,
    })
  })
  return out
}

function readLesson(file: RawLessonFile, report: Report): Omit<Lesson, 'pathId'> | null {
  const fm = file.frontmatter
  if (!isRecord(fm)) {
    report('needs YAML frontmatter between --- lines (see docs/lesson-format.md)')
    return null
  }
  unknownKeys(fm, LESSON_KEYS, '', report)
  const id = kebabId(fm, 'id', '', report)
  const expected = fileId(file.file)
  if (id !== '' && id !== expected) report(`id "${id}" must equal the file name "${expected}"`)
  if ((RESERVED_LESSON_IDS as readonly string[]).includes(expected))
    report(`"${expected}" is a word of the learn command (learn ${expected}); pick another id`)
  const minutes = fm.minutes
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < MIN_MINUTES ||
    minutes > MAX_MINUTES
  )
    report(
      `minutes must be a whole number from ${MIN_MINUTES} to ${MAX_MINUTES}, got ${JSON.stringify(minutes)}`,
    )
  const prerequisites = stringList(fm, 'prerequisites', report)
  if (prerequisites.includes(expected)) report('a lesson cannot be its own prerequisite')
  const body = file.body.trim()
  if (body === '') report('has no body after the frontmatter')
  return {
    id: expected,
    title: text(fm, 'title', '', report),
    minutes: typeof minutes === 'number' ? minutes : 0,
    summary: text(fm, 'summary', '', report),
    prerequisites,
    tags: stringList(fm, 'tags', report),
    labCheck: readLabCheck(fm.labCheck, report),
    handsOn: readHandsOn(fm.handsOn, report),
    sources: readSources(fm.sources, report),
    questions: readQuestions(fm.questions, report),
    body: file.body,
  }
}

function readLabCheck(value: unknown, report: Report): LabCheck | null {
  if (value == null) return null
  if (typeof value === 'string' && (LAB_CHECKS as readonly string[]).includes(value))
    return value as LabCheck
  report(`labCheck must be one of ${LAB_CHECKS.join(', ')}, got ${JSON.stringify(value)}`)
  return null
}

function readHandsOn(value: unknown, report: Report): HandsOn | null {
  if (value == null) return null
  if (!isRecord(value)) {
    report('handsOn must be a mapping with command, explain, needs (and optionally model)')
    return null
  }
  unknownKeys(value, ['command', 'explain', 'needs', 'model'], 'handsOn.', report)
  const needs = value.needs
  if (typeof needs !== 'string' || !(HANDS_ON_NEEDS as readonly string[]).includes(needs))
    report(
      `handsOn.needs must be one of ${HANDS_ON_NEEDS.join(', ')}, got ${JSON.stringify(needs)}`,
    )
  return {
    command: text(value, 'command', 'handsOn.', report),
    explain: text(value, 'explain', 'handsOn.', report),
    needs: (HANDS_ON_NEEDS as readonly unknown[]).includes(needs)
      ? (needs as HandsOn['needs'])
      : 'none',
    model: readModelId(value.model, report),
  }
}

function readModelId(value: unknown, report: Report): string | null {
  if (value == null) return null
  if (typeof value === 'string' && MODEL_ID.test(value)) return value
  report(
    `handsOn.model must be a model catalog id such as llama-3.1-8b-instruct, got ${JSON.stringify(value)}`,
  )
  return null
}

function readSources(value: unknown, report: Report): Source[] {
  if (!Array.isArray(value)) {
    report('sources must be a list (each with id, title, url)')
    return []
  }
  const out: Source[] = []
  value.forEach((s: unknown, i) => {
    const where = `sources[${i}].`
    if (!isRecord(s)) return report(`sources[${i}] must be a mapping with id, title, url`)
    unknownKeys(s, ['id', 'title', 'url'], where, report)
    const id = kebabId(s, 'id', where, report)
    if (out.some((o) => o.id === id)) report(`source id "${id}" is used twice`)
    const url = text(s, 'url', where, report)
    if (url !== '' && !isHttpsUrl(url))
      report(`${where}url "${url}" must be a well-formed https URL`)
    out.push({ id, title: text(s, 'title', where, report), url })
  })
  return out
}

function readQuestions(value: unknown, report: Report): Question[] {
  if (!Array.isArray(value) || value.length < MIN_QUESTIONS || value.length > MAX_QUESTIONS) {
    report(`questions must be a list of ${MIN_QUESTIONS} to ${MAX_QUESTIONS} questions`)
    if (!Array.isArray(value)) return []
  }
  const out: Question[] = []
  value.forEach((q: unknown, i) => {
    const where = `questions[${i}].`
    if (!isRecord(q))
      return report(`questions[${i}] must be a mapping with prompt, choices, answer, explanation`)
    unknownKeys(q, ['prompt', 'choices', 'answer', 'explanation'], where, report)
    const choices = stringList(q, 'choices', (m) => report(`${where}${m}`))
    if (choices.length < 2) report(`${where}choices must offer at least 2 answers`)
    if (new Set(choices).size !== choices.length) report(`${where}choices repeat an answer`)
    const answer = q.answer
    if (
      typeof answer !== 'number' ||
      !Number.isInteger(answer) ||
      answer < 0 ||
      answer >= choices.length
    )
      report(
        `${where}answer must be the 0-based index of the one right choice (0 to ${choices.length - 1}), got ${JSON.stringify(answer)}`,
      )
    out.push({
      prompt: text(q, 'prompt', where, report),
      choices,
      answer: typeof answer === 'number' ? answer : 0,
      explanation: text(q, 'explanation', where, report),
    })
  })
  return out
}

function checkBodyLinks(
  lesson: Omit<Lesson, 'pathId'>,
  lessonIds: ReadonlySet<string>,
  report: Report,
): void {
  const scan = scanBody(lesson.body)
  const sourceIds = new Set(lesson.sources.map((s) => s.id))
  const sourceUrls = new Set(lesson.sources.map((s) => s.url))
  for (const c of scan.citations)
    if (!sourceIds.has(c.sourceId))
      report(
        `body line ${c.line}: [^${c.sourceId}] cites no source of this lesson (sources: ${[...sourceIds].join(', ') || 'none'})`,
      )
  for (const link of scan.links) {
    const at = `body line ${link.line}: link "${link.href}"`
    switch (link.target.kind) {
      case 'lesson':
        if (!lessonIds.has(link.target.lessonId)) report(`${at} points to no lesson`)
        break
      case 'page':
        if (!(KNOWN_PAGES as readonly string[]).includes(link.target.page))
          report(`${at} points to no dashboard page (pages: ${KNOWN_PAGES.join(', ')})`)
        break
      case 'external':
        if (!sourceUrls.has(link.target.url)) report(`${at} must also be listed in sources`)
        break
      case 'other':
        report(`${at}: only https://, lesson: and page: links are allowed`)
        break
    }
  }
  for (const lab of scan.labLines)
    if (!(LAB_CHECKS as readonly string[]).includes(lab.check))
      report(
        `body line ${lab.line}: {{lab:${lab.check}}} is not a lab check (checks: ${LAB_CHECKS.join(', ')})`,
      )
  for (const stray of scan.strayLabMarkers)
    report(`body line ${stray.line}: a {{lab:x}} marker must stand alone on its line`)
  for (const h of scan.headings)
    if (h.level < 2) report(`body line ${h.line}: headings start at ## (the title is the #)`)
  for (const tag of scan.htmlTags)
    report(`body line ${tag.line}: raw HTML ${tag.tag} is not allowed`)
}

/** The first circle in the prerequisite graph, as a list of ids that starts and ends alike. */
function findCycle(
  lessons: ReadonlyMap<string, { readonly prerequisites: readonly string[] }>,
): string[] | null {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (id: string): string[] | null => {
    const s = state.get(id)
    if (s === 'done') return null
    if (s === 'open') return [...stack.slice(stack.indexOf(id)), id]
    state.set(id, 'open')
    stack.push(id)
    for (const pre of lessons.get(id)?.prerequisites ?? []) {
      if (!lessons.has(pre)) continue
      const found = visit(pre)
      if (found != null) return found
    }
    stack.pop()
    state.set(id, 'done')
    return null
  }
  for (const id of lessons.keys()) {
    const found = visit(id)
    if (found != null) return found
  }
  return null
}
