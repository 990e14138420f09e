/**
 * A small full-text index over lessons. Pure TypeScript with no Node APIs, so the web UI can
 * build the same index in the browser from the lessons the API sends.
 */
import type { Lesson } from './curriculum.js'
import { inlineText, parseBlocks, parseInline } from './lesson-markdown.js'

/** How much a hit in each field counts: a word in the title says more than one in the body. */
const FIELD_WEIGHTS = { title: 4, tags: 3, summary: 2, body: 1 } as const
type Field = keyof typeof FIELD_WEIGHTS
/** A query word that only starts a lesson word ("quant" for "quantization") counts this much. */
const PREFIX_FACTOR = 0.5
const MIN_PREFIX = 3

// Words too common to tell lessons apart.
const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or so than that the their then there these this to too was we what when where which who why will with you your'.split(
    ' ',
  ),
)

interface IndexedLesson {
  readonly lessonId: string
  readonly title: string
  readonly summary: string
  /** Weighted term frequency over all fields, normalised by the document's length. */
  readonly weights: ReadonlyMap<string, number>
}

/** The index: per lesson, weighted terms; per term, how many lessons hold it. */
export interface LessonIndex {
  readonly docs: readonly IndexedLesson[]
  readonly docFrequency: ReadonlyMap<string, number>
}

/** One search result, best first. */
export interface LessonHit {
  readonly lessonId: string
  readonly title: string
  readonly summary: string
  readonly score: number
}

/** Lower-case words of letters and digits, stop words dropped, plural `s` folded. */
export function tokenize(text: string): string[] {
  const out: string[] = []
  // Drop accents first (NFKD splits "ö" into "o" and a mark), so "Größe" stays one word.
  const plain = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '')
  for (const word of plain.split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || STOP_WORDS.has(word)) continue
    out.push(stem(word))
  }
  return out
}

/** Folds only the plainest plural ("models" → "model", not "less" → "les"), so matches stay exact. */
function stem(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1)
  return word
}

/** Lesson body as words a reader sees: link text kept, URLs, markers and lab lines dropped. */
function bodyText(body: string): string {
  const parts: string[] = []
  for (const block of parseBlocks(body)) {
    switch (block.kind) {
      case 'code':
        parts.push(block.lines.join(' '))
        break
      case 'table':
        parts.push(...block.rows.map((r) => inlineText(parseInline(r))))
        break
      case 'heading':
      case 'paragraph':
      case 'list-item':
      case 'quote':
        parts.push(inlineText(parseInline(block.text)))
        break
      case 'lab':
      case 'rule':
        break
    }
  }
  return parts.join(' ')
}

/** Builds the index once; searching it is cheap. */
export function buildLessonIndex(
  lessons: readonly Pick<Lesson, 'id' | 'title' | 'summary' | 'body' | 'tags'>[],
): LessonIndex {
  const docFrequency = new Map<string, number>()
  const docs = lessons.map((lesson) => {
    const fields: Record<Field, string[]> = {
      title: tokenize(lesson.title),
      tags: tokenize(lesson.tags.join(' ')),
      summary: tokenize(lesson.summary),
      body: tokenize(bodyText(lesson.body)),
    }
    const weights = new Map<string, number>()
    // Square-root length normalisation: long lessons should not win just by repeating words.
    const length = Math.sqrt(Object.values(fields).reduce((n, words) => n + words.length, 0) || 1)
    for (const field of Object.keys(fields) as Field[])
      for (const word of fields[field])
        weights.set(word, (weights.get(word) ?? 0) + FIELD_WEIGHTS[field] / length)
    for (const word of weights.keys()) docFrequency.set(word, (docFrequency.get(word) ?? 0) + 1)
    return { lessonId: lesson.id, title: lesson.title, summary: lesson.summary, weights }
  })
  return { docs, docFrequency }
}

/**
 * The `n` best lessons for a query. Each query word adds its weight times its rarity (IDF);
 * a word that only prefixes a lesson word counts half; lessons matching more of the query words
 * rank higher (the score is scaled by the share of words matched).
 */
export function searchLessons(index: LessonIndex, query: string, n = 10): LessonHit[] {
  const words = [...new Set(tokenize(query))]
  if (words.length === 0 || n <= 0) return []
  const total = index.docs.length
  const idf = (word: string) => Math.log(1 + total / (index.docFrequency.get(word) ?? 1))
  const hits: LessonHit[] = []
  for (const doc of index.docs) {
    let score = 0
    let matched = 0
    for (const word of words) {
      let best = (doc.weights.get(word) ?? 0) * idf(word)
      if (best === 0 && word.length >= MIN_PREFIX)
        for (const [term, weight] of doc.weights)
          if (term.startsWith(word)) best = Math.max(best, weight * idf(term) * PREFIX_FACTOR)
      if (best > 0) matched++
      score += best
    }
    if (score > 0)
      hits.push({
        lessonId: doc.lessonId,
        title: doc.title,
        summary: doc.summary,
        score: score * (matched / words.length),
      })
  }
  return hits.sort((a, b) => b.score - a.score || a.lessonId.localeCompare(b.lessonId)).slice(0, n)
}
