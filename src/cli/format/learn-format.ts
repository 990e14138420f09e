import type { LabCheck, Lesson, Question } from '../../core/curriculum.js'
import { labChecksIn, replaceLabLines } from '../../core/lesson-links.js'
import type { LessonHit } from '../../core/lesson-search.js'
import { renderMarkdownForTerminal } from './markdown-terminal.js'

import type { LessonView, PathsView } from '../../core/report-views.js'

export interface TextStyle {
  readonly width: number
  readonly color: boolean
}

const bar = (done: number, total: number, color: boolean, cells = 10) => {
  const filled = total === 0 ? 0 : Math.round((done / total) * cells)
  return color
    ? `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`
    : `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`
}

/** The path list with a progress bar and done count per path. */
export function formatPaths(view: PathsView, style: TextStyle): string {
  const all = view.paths.flatMap((p) => p.lessons)
  const doneAll = all.filter((l) => l.done).length
  const idWidth = Math.max(0, ...all.map((l) => l.id.length))
  const lines = [`Learning paths: ${doneAll} of ${all.length} lessons done`, '']
  for (const path of view.paths) {
    const done = path.lessons.filter((l) => l.done).length
    const title = style.color ? `\x1b[1m${path.title}\x1b[0m` : path.title
    lines.push(
      `${title}  ${bar(done, path.lessons.length, style.color)} ${done}/${path.lessons.length}`,
    )
    for (const l of path.lessons) {
      const mark = style.color ? (l.done ? '✓' : '·') : l.done ? '[x]' : '[ ]'
      lines.push(`  ${mark} ${l.id.padEnd(idWidth)}  ${l.title} (${l.minutes} min)`)
    }
    lines.push('')
  }
  lines.push(
    'Read one: homelab-ai learn LESSON   What next: homelab-ai learn next   Find: homelab-ai learn search WORDS',
  )
  return lines.join('\n')
}

/** A whole lesson as terminal text: title, facts, live lab sentences, body, hands-on, sources. */
export function formatLesson(view: LessonView, lesson: Lesson, style: TextStyle): string {
  const md: string[] = [`# ${view.title}`, '']
  const pre =
    view.prerequisites.length === 0
      ? ''
      : ` · builds on: ${view.prerequisites.map((p) => `${p.id}${p.done ? ' (done)' : ''}`).join(', ')}`
  md.push(`${view.minutes} min · path: ${view.path.title}${view.done ? ' · done' : ''}${pre}`, '')
  const sentence = new Map(view.lab.map((l) => [l.check, l.sentence]))
  // A labCheck the body does not place itself is shown up front, where the reader starts.
  if (view.labCheck != null && !labChecksIn(lesson.body).includes(view.labCheck))
    md.push(`> ${sentence.get(view.labCheck) ?? ''}`, '')
  md.push(
    replaceLabLines(lesson.body, (check) => {
      const text = sentence.get(check as LabCheck)
      return text == null ? `{{lab:${check}}}` : `> ${text}`
    }),
  )
  if (view.handsOn != null) {
    const verdict = view.handsOn.prerequisite
    md.push(
      '',
      '## Try it in your lab',
      '',
      '```',
      view.handsOn.command,
      '```',
      '',
      view.handsOn.explain,
      '',
    )
    md.push(`> ${verdict.ok ? 'Ready:' : 'Note:'} ${verdict.message}`)
  }
  return renderMarkdownForTerminal(md.join('\n'), { ...style, sources: view.sources })
}

/** One question with numbered choices, wrapped to the terminal. */
export function formatQuestion(
  q: Question,
  index: number,
  total: number,
  style: TextStyle,
): string {
  const prompt = renderMarkdownForTerminal(`Question ${index + 1} of ${total}: ${q.prompt}`, style)
  const choices = renderMarkdownForTerminal(
    q.choices.map((c, i) => `  ${i + 1}) ${c}`).join('\n'),
    style,
  )
  return `${prompt}\n${choices}`
}

/** Search results, best first. */
export function formatSearch(query: string, hits: readonly LessonHit[]): string {
  if (hits.length === 0) return `No lesson matches "${query}". See all lessons: homelab-ai learn`
  const idWidth = Math.max(...hits.map((h) => h.lessonId.length))
  return hits
    .map((h) => `${h.lessonId.padEnd(idWidth)}  ${h.title}\n${' '.repeat(idWidth + 2)}${h.summary}`)
    .join('\n')
}
