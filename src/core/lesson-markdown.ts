/**
 * The small Markdown subset lessons use, parsed once so the link checks, the search index and
 * the terminal renderer all read a lesson the same way. Not a full CommonMark parser: lessons are
 * our own files, and docs/lesson-format.md keeps them to this subset.
 */

/** A block of a lesson body; `line` is 1-based within the body, for error messages. */
export type Block =
  | {
      readonly kind: 'heading'
      readonly level: number
      readonly text: string
      readonly line: number
    }
  | { readonly kind: 'paragraph'; readonly text: string; readonly line: number }
  | {
      readonly kind: 'list-item'
      /** `-` / `*` / `+` for bullets, `3.` for numbered items. */
      readonly marker: string
      /** Nesting depth from the indent: 0 for a top-level item. */
      readonly depth: number
      readonly text: string
      readonly line: number
    }
  | {
      readonly kind: 'code'
      readonly lang: string
      readonly lines: readonly string[]
      readonly line: number
    }
  | { readonly kind: 'quote'; readonly text: string; readonly line: number }
  | { readonly kind: 'lab'; readonly check: string; readonly line: number }
  | { readonly kind: 'table'; readonly rows: readonly string[]; readonly line: number }
  | { readonly kind: 'rule'; readonly line: number }

/** Inline pieces of a block's text. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly children: readonly Inline[]; readonly href: string }
  | { readonly kind: 'footnote'; readonly id: string }

/** A `{{lab:x}}` line: the whole line is the marker. */
export const LAB_LINE = /^\s*\{\{lab:([^}]*)\}\}\s*$/

const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/
const LIST_ITEM = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/

/** Splits a lesson body into blocks; paragraph and list-item lines are joined with spaces. */
export function parseBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    const lineNo = i + 1
    const fence = FENCE.exec(line)
    if (fence != null) {
      const closer = fence[1] ?? '```'
      const code: string[] = []
      i++
      // An unclosed fence runs to the end, as in CommonMark.
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(closer))
        code.push(lines[i++] ?? '')
      i++
      blocks.push({ kind: 'code', lang: fence[2] ?? '', lines: code, line: lineNo })
      continue
    }
    if (line.trim() === '') {
      i++
      continue
    }
    const lab = LAB_LINE.exec(line)
    if (lab != null) {
      blocks.push({ kind: 'lab', check: (lab[1] ?? '').trim(), line: lineNo })
      i++
      continue
    }
    const heading = HEADING.exec(line)
    if (heading != null) {
      blocks.push({
        kind: 'heading',
        level: heading[1]?.length ?? 1,
        text: heading[2] ?? '',
        line: lineNo,
      })
      i++
      continue
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule', line: lineNo })
      i++
      continue
    }
    if (line.trimStart().startsWith('|')) {
      const rows: string[] = []
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('|'))
        rows.push(lines[i++] ?? '')
      blocks.push({ kind: 'table', rows, line: lineNo })
      continue
    }
    if (line.trimStart().startsWith('>')) {
      const quoted: string[] = []
      while (i < lines.length && (lines[i] ?? '').trimStart().startsWith('>'))
        quoted.push((lines[i++] ?? '').trimStart().replace(/^>\s?/, ''))
      blocks.push({ kind: 'quote', text: joinLines(quoted), line: lineNo })
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item != null) {
      const indent = (item[1] ?? '').replace(/\t/g, '    ').length
      const text = [item[3] ?? '']
      i++
      // Continuation lines are indented text that does not start a new item or block.
      while (i < lines.length && isContinuation(lines[i] ?? '')) text.push(lines[i++] ?? '')
      blocks.push({
        kind: 'list-item',
        marker: item[2] ?? '-',
        depth: Math.floor(indent / 2),
        text: joinLines(text),
        line: lineNo,
      })
      continue
    }
    const para: string[] = [line]
    i++
    while (i < lines.length && isParagraphLine(lines[i] ?? '')) para.push(lines[i++] ?? '')
    blocks.push({ kind: 'paragraph', text: joinLines(para), line: lineNo })
  }
  return blocks
}

function startsBlock(line: string): boolean {
  return (
    line.trim() === '' ||
    FENCE.test(line) ||
    LAB_LINE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    LIST_ITEM.test(line) ||
    line.trimStart().startsWith('|') ||
    line.trimStart().startsWith('>')
  )
}

function isParagraphLine(line: string): boolean {
  return !startsBlock(line)
}

function isContinuation(line: string): boolean {
  return /^\s+\S/.test(line) && !LIST_ITEM.test(line) && !FENCE.test(line)
}

function joinLines(lines: readonly string[]): string {
  return lines.map((l) => l.trim()).join(' ')
}

const FOOTNOTE = /^\[\^([^\]\s]+)\]/
const LINK = /^!?\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*([^)\s]*)\s*\)/

/** Parses emphasis, code spans, links and `[^id]` markers of one block's text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let plain = ''
  const flush = () => {
    if (plain !== '') out.push({ kind: 'text', text: plain })
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i] ?? ''
    const rest = text.slice(i)
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()#!<>{}|-]/.test(text[i + 1] ?? '')) {
      plain += text[i + 1]
      i += 2
      continue
    }
    if (ch === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`'
      const end = text.indexOf(run, i + run.length)
      if (end !== -1) {
        flush()
        out.push({ kind: 'code', text: text.slice(i + run.length, end).trim() })
        i = end + run.length
        continue
      }
    }
    const footnote = FOOTNOTE.exec(rest)
    if (footnote != null) {
      flush()
      out.push({ kind: 'footnote', id: footnote[1] ?? '' })
      i += footnote[0].length
      continue
    }
    const link = LINK.exec(rest)
    if (link != null) {
      flush()
      out.push({ kind: 'link', children: parseInline(link[1] ?? ''), href: link[2] ?? '' })
      i += link[0].length
      continue
    }
    if ((ch === '*' || ch === '_') && canOpen(text, i)) {
      const double = text[i + 1] === ch
      const marker = double ? ch + ch : ch
      const end = findCloser(text, i + marker.length, marker)
      if (end !== -1) {
        flush()
        const children = parseInline(text.slice(i + marker.length, end))
        out.push(double ? { kind: 'strong', children } : { kind: 'em', children })
        i = end + marker.length
        continue
      }
    }
    plain += ch
    i++
  }
  flush()
  return out
}

/** `_` inside a word (snake_case, file_names) is not emphasis; neither is `*` before a space. */
function canOpen(text: string, i: number): boolean {
  const ch = text[i]
  const before = i > 0 ? (text[i - 1] ?? ' ') : ' '
  const after = text[i + (text[i + 1] === ch ? 2 : 1)] ?? ' '
  if (/\s/.test(after)) return false
  return ch === '*' || !/[\p{L}\p{N}]/u.test(before)
}

function findCloser(text: string, from: number, marker: string): number {
  let at = text.indexOf(marker, from)
  while (at !== -1) {
    const before = text[at - 1] ?? ' '
    const after = text[at + marker.length] ?? ' '
    const okBefore = at > from && !/\s/.test(before)
    const okAfter = marker[0] === '*' || !/[\p{L}\p{N}]/u.test(after)
    // A single `*` right before another `*` belongs to a `**` run, not to this span.
    const partOfRun = marker.length === 1 && (after === marker || before === marker)
    if (okBefore && okAfter && !partOfRun) return at
    at = text.indexOf(marker, at + 1)
  }
  return -1
}

/** The visible text of inline pieces (links keep their text, markers vanish). */
export function inlineText(pieces: readonly Inline[]): string {
  let out = ''
  for (const p of pieces) {
    switch (p.kind) {
      case 'text':
      case 'code':
        out += p.text
        break
      case 'strong':
      case 'em':
      case 'link':
        out += inlineText(p.children)
        break
      case 'footnote':
        break
    }
  }
  return out
}
