import { LAB_LINE, parseBlocks, parseInline, type Inline } from './lesson-markdown.js'

/** Where a body link points, by its scheme (docs/lesson-format.md). */
export type LinkTarget =
  | { readonly kind: 'lesson'; readonly lessonId: string }
  | { readonly kind: 'page'; readonly page: string }
  | { readonly kind: 'external'; readonly url: string }
  /** Anything else (http:, relative paths, mailto:): the validator rejects these. */
  | { readonly kind: 'other'; readonly href: string }

/** One `[text](href)` link of a lesson body. */
export interface BodyLink {
  readonly text: string
  readonly href: string
  readonly target: LinkTarget
  readonly line: number
}

/** Everything in a lesson body that points elsewhere, with body line numbers for error messages. */
export interface BodyScan {
  /** Every `[^id]` marker, in reading order (an id may repeat). */
  readonly citations: readonly { readonly sourceId: string; readonly line: number }[]
  readonly links: readonly BodyLink[]
  /** Lines that are a `{{lab:x}}` marker; `check` is as written, not yet validated. */
  readonly labLines: readonly { readonly check: string; readonly line: number }[]
  /** `{{lab:...}}` written inside a sentence, where it would never be replaced. */
  readonly strayLabMarkers: readonly { readonly line: number }[]
  readonly headings: readonly {
    readonly level: number
    readonly text: string
    readonly line: number
  }[]
  /** Raw HTML tags outside code (the format allows none). */
  readonly htmlTags: readonly { readonly tag: string; readonly line: number }[]
}

/** Reads a link's scheme: `lesson:`, `page:`, `https:`, or other. */
export function classifyHref(href: string): LinkTarget {
  if (href.startsWith('lesson:')) return { kind: 'lesson', lessonId: href.slice('lesson:'.length) }
  if (href.startsWith('page:')) return { kind: 'page', page: href.slice('page:'.length) }
  if (isHttpsUrl(href)) return { kind: 'external', url: href }
  return { kind: 'other', href }
}

/** A well-formed absolute https URL with a host. */
export function isHttpsUrl(text: string): boolean {
  if (!text.startsWith('https://')) return false
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && url.hostname.includes('.') && !/\s/.test(text)
  } catch {
    // URL throws on malformed input; "not a URL" is the answer we want.
    return false
  }
}

const HTML_TAG = /<\/?([a-zA-Z][\w-]*)(\s[^<>]*)?\/?>|<!--/g

/** Finds citations, links, lab lines, headings and raw HTML in a lesson body (code is skipped). */
export function scanBody(body: string): BodyScan {
  const citations: { sourceId: string; line: number }[] = []
  const links: BodyLink[] = []
  const labLines: { check: string; line: number }[] = []
  const strayLabMarkers: { line: number }[] = []
  const headings: { level: number; text: string; line: number }[] = []
  const htmlTags: { tag: string; line: number }[] = []

  const visit = (pieces: readonly Inline[], line: number) => {
    for (const p of pieces) {
      switch (p.kind) {
        case 'footnote':
          citations.push({ sourceId: p.id, line })
          break
        case 'link':
          links.push({
            text: plainText(p.children),
            href: p.href,
            target: classifyHref(p.href),
            line,
          })
          visit(p.children, line)
          break
        case 'strong':
        case 'em':
          visit(p.children, line)
          break
        case 'text':
          if (p.text.includes('{{lab:')) strayLabMarkers.push({ line })
          for (const m of p.text.matchAll(HTML_TAG)) htmlTags.push({ tag: m[0], line })
          break
        case 'code':
          break
      }
    }
  }

  for (const block of parseBlocks(body)) {
    switch (block.kind) {
      case 'lab':
        labLines.push({ check: block.check, line: block.line })
        break
      case 'heading':
        headings.push({ level: block.level, text: block.text, line: block.line })
        visit(parseInline(block.text), block.line)
        break
      case 'table':
        for (const row of block.rows) visit(parseInline(row), block.line)
        break
      case 'paragraph':
      case 'list-item':
      case 'quote':
        visit(parseInline(block.text), block.line)
        break
      case 'code':
      case 'rule':
        break
    }
  }
  return { citations, links, labLines, strayLabMarkers, headings, htmlTags }
}

function plainText(pieces: readonly Inline[]): string {
  return pieces.map((p) => (p.kind === 'text' || p.kind === 'code' ? p.text : '')).join('')
}

/** The minimal source shape numbering needs. */
interface HasId {
  readonly id: string
}

/**
 * Numbers a lesson's sources the way a reader meets them:
 * - cited sources get 1, 2, ... in the order of their first `[^id]` marker;
 * - sources never cited follow, in the order the frontmatter lists them (still worth listing).
 */
export function numberSources<S extends HasId>(
  body: string,
  sources: readonly S[],
): { readonly numberOf: ReadonlyMap<string, number>; readonly ordered: readonly S[] } {
  const byId = new Map(sources.map((s) => [s.id, s]))
  const ordered: S[] = []
  const numberOf = new Map<string, number>()
  const add = (s: S) => {
    if (numberOf.has(s.id)) return
    ordered.push(s)
    numberOf.set(s.id, ordered.length)
  }
  for (const c of scanBody(body).citations) {
    const s = byId.get(c.sourceId)
    if (s != null) add(s)
  }
  for (const s of sources) add(s)
  return { numberOf, ordered }
}

/** Replaces each `{{lab:x}}` line (outside code fences) with what `sentenceFor(x)` returns. */
export function replaceLabLines(body: string, sentenceFor: (check: string) => string): string {
  const out: string[] = []
  let fence: string | null = null
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1]
    if (marker != null) fence = fence == null ? marker : fence === marker ? null : fence
    const lab = fence == null ? LAB_LINE.exec(line) : null
    out.push(lab == null ? line : sentenceFor((lab[1] ?? '').trim()))
  }
  return out.join('\n')
}

/** Lab checks a body asks for, in order, without repeats. */
export function labChecksIn(body: string): string[] {
  return [...new Set(scanBody(body).labLines.map((l) => l.check))]
}
