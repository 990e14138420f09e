/**
 * Renders the lesson Markdown subset (src/core/lesson-markdown.ts) as React elements. Every piece
 * of text becomes a text node, so nothing in a lesson can inject markup; only `https:` links leave
 * the app, and `lesson:` / `page:` links become in-app hash links.
 */
import type { ReactNode } from 'react'
import { parseBlocks, parseInline, type Block, type Inline } from '../../core/lesson-markdown.js'
import { classifyHref } from '../../core/lesson-links.js'
import { pageHref, isPage, lessonHref } from '../router.js'

/** What the renderer needs besides the text: lab sentences and source numbers. */
export interface MarkdownContext {
  /** The sentence for a `{{lab:x}}` line; null drops the line. */
  readonly labSentence: (check: string) => string | null
  /** The reader-facing number of a cited source, or undefined when the id is unknown. */
  readonly sourceNumber: (id: string) => number | undefined
}

const NO_CONTEXT: MarkdownContext = { labSentence: () => null, sourceNumber: () => undefined }

/** A lesson body (or any text in the subset) as React nodes. */
export function Markdown({ text, ctx = NO_CONTEXT }: { text: string; ctx?: MarkdownContext }) {
  return <>{renderBlocks(parseBlocks(text), ctx)}</>
}

/** One line of inline Markdown (a question prompt, an explanation) without a paragraph around it. */
export function InlineMarkdown({ text }: { text: string }) {
  return <>{renderInline(parseInline(text), NO_CONTEXT, 'i')}</>
}

function renderBlocks(blocks: readonly Block[], ctx: MarkdownContext): ReactNode[] {
  const out: ReactNode[] = []
  let i = 0
  while (i < blocks.length) {
    const block = blocks[i]
    if (block == null) break
    if (block.kind === 'list-item') {
      const items: ListItem[] = []
      // A bullet list right after a numbered one (or the reverse) starts a new list.
      const ordered = isOrdered(block)
      while (blocks[i]?.kind === 'list-item') {
        const item = blocks[i] as ListItem
        if (items.length > 0 && item.depth === 0 && isOrdered(item) !== ordered) break
        items.push(item)
        i++
      }
      out.push(renderList(items, 0, ctx, `l${block.line}`))
      continue
    }
    out.push(renderBlock(block, ctx))
    i++
  }
  return out
}

type ListItem = Extract<Block, { kind: 'list-item' }>

const isOrdered = (item: ListItem) => /\d/.test(item.marker)

/** Nests items by depth: deeper items following an item become its sub-list. */
function renderList(items: readonly ListItem[], depth: number, ctx: MarkdownContext, key: string) {
  const first = items[0]
  const ordered = first != null && isOrdered(first)
  const children: ReactNode[] = []
  let i = 0
  while (i < items.length) {
    const item = items[i]
    if (item == null) break
    const nested: ListItem[] = []
    i++
    while (i < items.length && (items[i]?.depth ?? 0) > depth) nested.push(items[i++] as ListItem)
    children.push(
      <li key={item.line}>
        {renderInline(parseInline(item.text), ctx, `li${item.line}`)}
        {nested.length > 0 && renderList(nested, depth + 1, ctx, `n${item.line}`)}
      </li>,
    )
  }
  return ordered ? <ol key={key}>{children}</ol> : <ul key={key}>{children}</ul>
}

function renderBlock(block: Block, ctx: MarkdownContext): ReactNode {
  const key = `b${block.line}`
  switch (block.kind) {
    case 'heading': {
      // The lesson title is the page's h1/h2, so body headings start one level lower.
      const level = Math.min(6, block.level + 1)
      const content = renderInline(parseInline(block.text), ctx, key)
      if (level <= 3) return <h3 key={key}>{content}</h3>
      if (level === 4) return <h4 key={key}>{content}</h4>
      if (level === 5) return <h5 key={key}>{content}</h5>
      return <h6 key={key}>{content}</h6>
    }
    case 'paragraph':
      return <p key={key}>{renderInline(parseInline(block.text), ctx, key)}</p>
    case 'quote':
      return (
        <blockquote key={key}>
          <p>{renderInline(parseInline(block.text), ctx, key)}</p>
        </blockquote>
      )
    case 'code':
      return (
        <pre key={key} tabIndex={0} aria-label={block.lang === '' ? 'code' : `${block.lang} code`}>
          <code>{block.lines.join('\n')}</code>
        </pre>
      )
    case 'lab': {
      const sentence = ctx.labSentence(block.check)
      if (sentence == null) return null
      return (
        <aside key={key} className="lab-note" aria-label="Your lab">
          <strong>Your lab: </strong>
          {renderInline(parseInline(sentence), ctx, key)}
        </aside>
      )
    }
    case 'table':
      return renderTable(block.rows, ctx, key)
    case 'rule':
      return <hr key={key} />
    case 'list-item':
      // renderBlocks groups items into lists; a lone item still renders as a one-item list.
      return renderList([block], block.depth, ctx, key)
  }
}

function cells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/\|$/, '')
  // A `\|` inside a cell is a literal bar, not a column break.
  return trimmed.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))
}

function renderTable(rows: readonly string[], ctx: MarkdownContext, key: string): ReactNode {
  const isRule = (row: string) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(row)
  const hasHeader = rows.length > 1 && isRule(rows[1] ?? '')
  const head = hasHeader ? cells(rows[0] ?? '') : null
  const body = (hasHeader ? rows.slice(2) : rows).filter((r) => !isRule(r)).map(cells)
  return (
    <div key={key} className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table>
        {head != null && (
          <thead>
            <tr>
              {head.map((c, i) => (
                <th key={i} scope="col">
                  {renderInline(parseInline(c), ctx, `${key}h${i}`)}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {body.map((row, r) => (
            <tr key={r}>
              {row.map((c, i) => (
                <td key={i}>{renderInline(parseInline(c), ctx, `${key}r${r}c${i}`)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function renderInline(pieces: readonly Inline[], ctx: MarkdownContext, key: string): ReactNode[] {
  return pieces.map((p, i) => {
    const k = `${key}.${i}`
    switch (p.kind) {
      case 'text':
        return p.text
      case 'code':
        return <code key={k}>{p.text}</code>
      case 'strong':
        return <strong key={k}>{renderInline(p.children, ctx, k)}</strong>
      case 'em':
        return <em key={k}>{renderInline(p.children, ctx, k)}</em>
      case 'footnote': {
        const n = ctx.sourceNumber(p.id)
        if (n == null) return null
        return (
          <sup key={k}>
            <button
              type="button"
              className="cite"
              aria-label={`source ${n}`}
              onClick={() => focusSource(n)}
            >
              [{n}]
            </button>
          </sup>
        )
      }
      case 'link':
        return renderLink(p.href, renderInline(p.children, ctx, k), k)
    }
  })
}

/** Id of the list item for source `n` in the lesson's source list. */
export const sourceElementId = (n: number) => `source-${n}`

// A `#source-1` href would fight the hash router, so citations move focus themselves.
function focusSource(n: number): void {
  const el = document.getElementById(sourceElementId(n))
  if (el == null) return
  el.scrollIntoView({ block: 'center' })
  el.focus()
}

function renderLink(href: string, children: ReactNode[], key: string): ReactNode {
  const target = classifyHref(href)
  switch (target.kind) {
    case 'lesson':
      return (
        <a key={key} href={lessonHref(target.lessonId)}>
          {children}
        </a>
      )
    case 'page':
      // Links to pages this dashboard does not have (yet) stay plain text, never a dead link.
      return isPage(target.page) ? (
        <a key={key} href={pageHref(target.page)}>
          {children}
        </a>
      ) : (
        <span key={key}>{children}</span>
      )
    case 'external':
      return (
        <a key={key} href={target.url} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      )
    case 'other':
      // The lesson validator rejects these; render the text without a link, never a raw href.
      return <span key={key}>{children}</span>
  }
}
