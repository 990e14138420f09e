import type { Source } from '../../core/curriculum.js'
import { classifyHref, numberSources } from '../../core/lesson-links.js'
import { parseBlocks, parseInline, type Block, type Inline } from '../../core/lesson-markdown.js'

/** How to render: terminal width, whether to use ANSI colors, and the lesson's sources. */
export interface TerminalMarkdownOptions {
  readonly width: number
  readonly color: boolean
  /** When given, `[^id]` markers become `[n]` and a numbered Sources list ends the text. */
  readonly sources?: readonly Source[]
}

type Style = 'bold' | 'italic' | 'underline' | 'code' | 'dim'

interface Piece {
  readonly text: string
  readonly styles: readonly Style[]
  /** Code spans and link targets stay on one line: a command split in two is misread. */
  readonly nowrap?: boolean
}

const ANSI: Record<Style, string> = {
  bold: '\x1b[1m',
  italic: '\x1b[3m',
  underline: '\x1b[4m',
  code: '\x1b[36m',
  dim: '\x1b[2m',
}
const RESET = '\x1b[0m'
/** Below this the text is unreadable anyway; do not wrap narrower. */
const MIN_WIDTH = 20

/** Renders lesson Markdown for a terminal: wrapped, styled only when `color` is true. */
export function renderMarkdownForTerminal(
  markdown: string,
  options: TerminalMarkdownOptions,
): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width))
  const numbering = options.sources == null ? null : numberSources(markdown, options.sources)
  const ctx: RenderContext = {
    color: options.color,
    footnote: (id) => numbering?.numberOf.get(id) ?? null,
  }
  const out: string[] = []
  let previous: Block['kind'] | null = null
  for (const block of parseBlocks(markdown)) {
    // Items of one list stay together; every other block gets a blank line before it.
    if (previous != null && !(previous === 'list-item' && block.kind === 'list-item')) out.push('')
    out.push(...renderBlock(block, width, ctx))
    previous = block.kind
  }
  if (numbering != null && numbering.ordered.length > 0) {
    out.push('', ...renderHeading('Sources', 2, width, ctx))
    numbering.ordered.forEach((s, i) => {
      const label = `[${i + 1}] `
      out.push(
        ...wrap(
          toWords([{ text: s.title, styles: [] }]),
          width,
          label,
          ' '.repeat(label.length),
          ctx,
        ),
      )
      out.push(' '.repeat(label.length) + paint({ text: s.url, styles: ['dim'] }, ctx))
    })
  }
  return out.join('\n')
}

interface RenderContext {
  readonly color: boolean
  readonly footnote: (id: string) => number | null
}

function renderBlock(block: Block, width: number, ctx: RenderContext): string[] {
  switch (block.kind) {
    case 'heading':
      return renderHeading(block.text, block.level, width, ctx)
    case 'paragraph':
      return wrap(toWords(pieces(parseInline(block.text), [], ctx)), width, '', '', ctx)
    case 'list-item': {
      const indent = '  '.repeat(block.depth)
      const bullet = /\d/.test(block.marker) ? block.marker : ctx.color ? '•' : '-'
      const first = `${indent}${bullet} `
      const words = toWords(pieces(parseInline(block.text), [], ctx))
      return wrap(words, width, first, ' '.repeat(first.length), ctx)
    }
    case 'quote': {
      const bar = ctx.color ? '│ ' : '> '
      return wrap(toWords(pieces(parseInline(block.text), [], ctx)), width, bar, bar, ctx)
    }
    case 'code':
      return block.lines.map((l) => '    ' + paint({ text: l, styles: ['code'] }, ctx))
    case 'table':
      return block.rows.map((row) =>
        pieces(parseInline(row), [], ctx)
          .map((p) => paint(p, ctx))
          .join(''),
      )
    case 'rule':
      return [(ctx.color ? '─' : '-').repeat(Math.min(width, 40))]
    case 'lab':
      return [`[lab check: ${block.check}]`]
  }
}

function renderHeading(text: string, level: number, width: number, ctx: RenderContext): string[] {
  const styles: Style[] = level <= 2 ? ['bold', 'underline'] : ['bold']
  const words = toWords(pieces(parseInline(text), styles, ctx))
  const lines = wrap(words, width, '', '', ctx)
  if (ctx.color || level > 2) return lines
  // Without color, underline the heading the way Setext Markdown does.
  const longest = Math.max(...lines.map((l) => l.length))
  return [...lines, (level === 1 ? '=' : '-').repeat(longest)]
}

/** Flattens inline Markdown to styled pieces; links show their target, markers their number. */
function pieces(inline: readonly Inline[], styles: readonly Style[], ctx: RenderContext): Piece[] {
  const out: Piece[] = []
  for (const p of inline) {
    switch (p.kind) {
      case 'text':
        out.push({ text: p.text, styles })
        break
      case 'code':
        // Without color, keep the backticks: they are the only sign that this is a command.
        out.push({
          text: ctx.color ? p.text : `\`${p.text}\``,
          styles: [...styles, 'code'],
          nowrap: true,
        })
        break
      case 'strong':
        out.push(...pieces(p.children, [...styles, 'bold'], ctx))
        break
      case 'em':
        out.push(...pieces(p.children, [...styles, 'italic'], ctx))
        break
      case 'link':
        out.push(...pieces(p.children, styles, ctx))
        out.push({ text: ' ', styles })
        out.push({ text: `(${linkTarget(p.href)})`, styles: [...styles, 'dim'], nowrap: true })
        break
      case 'footnote': {
        const n = ctx.footnote(p.id)
        out.push({ text: `[${n ?? p.id}]`, styles: [...styles, 'dim'] })
        break
      }
    }
  }
  return out
}

function linkTarget(href: string): string {
  const target = classifyHref(href)
  switch (target.kind) {
    case 'lesson':
      return `homelab-ai learn ${target.lessonId}`
    case 'page':
      return `${target.page} page of the dashboard`
    case 'external':
      return target.url
    case 'other':
      return target.href
  }
}

/** A word is the pieces between spaces; one word can mix styles ("**bold**,"). */
type Word = Piece[]

function toWords(all: readonly Piece[]): Word[] {
  const words: Word[] = []
  let current: Word = []
  for (const piece of all) {
    const parts = piece.nowrap === true ? [piece.text] : piece.text.split(/(\s+)/)
    for (const part of parts) {
      if (part === '') continue
      if (/^\s+$/.test(part)) {
        if (current.length > 0) words.push(current)
        current = []
      } else current.push({ text: part, styles: piece.styles })
    }
  }
  if (current.length > 0) words.push(current)
  return words
}

const visibleLength = (word: Word) => word.reduce((n, p) => n + [...p.text].length, 0)

/** Greedy wrap; a word longer than the line (a URL) gets a line of its own rather than a break. */
function wrap(
  words: readonly Word[],
  width: number,
  first: string,
  rest: string,
  ctx: RenderContext,
): string[] {
  const lines: string[] = []
  let line = first
  let used = first.length
  let empty = true
  for (const word of words) {
    const len = visibleLength(word)
    if (!empty && used + 1 + len > width) {
      lines.push(line)
      line = rest
      used = rest.length
      empty = true
    }
    line += (empty ? '' : ' ') + word.map((p) => paint(p, ctx)).join('')
    used += (empty ? 0 : 1) + len
    empty = false
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd())
  return lines
}

function paint(piece: Piece, ctx: RenderContext): string {
  if (!ctx.color || piece.styles.length === 0) return piece.text
  return [...new Set(piece.styles)].map((s) => ANSI[s]).join('') + piece.text + RESET
}
