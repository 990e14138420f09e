import { describe, expect, it } from 'vitest'
import {
  classifyHref,
  isHttpsUrl,
  labChecksIn,
  numberSources,
  replaceLabLines,
  scanBody,
} from './lesson-links.js'
import { parseBlocks, parseInline } from './lesson-markdown.js'

const body = [
  '## Memory',
  '',
  'The cache grows per token,[^llamacpp] see [tokens](lesson:tokens) and',
  '[the Models page](page:models); the [README](https://github.com/ggml-org/llama.cpp) says so.[^vllm][^llamacpp]',
  '',
  '{{lab:vram}}',
  '',
  '- item with `[x](http://a)` in code',
  '',
  '```',
  '[^ignored] {{lab:gpu}}',
  '```',
].join('\n')

describe('scanBody', () => {
  it('finds citations, links and lab lines with their line numbers, skipping code', () => {
    const scan = scanBody(body)
    expect(scan.citations).toEqual([
      { sourceId: 'llamacpp', line: 3 },
      { sourceId: 'vllm', line: 3 },
      { sourceId: 'llamacpp', line: 3 },
    ])
    expect(scan.links.map((l) => [l.text, l.target])).toEqual([
      ['tokens', { kind: 'lesson', lessonId: 'tokens' }],
      ['the Models page', { kind: 'page', page: 'models' }],
      ['README', { kind: 'external', url: 'https://github.com/ggml-org/llama.cpp' }],
    ])
    expect(scan.labLines).toEqual([{ check: 'vram', line: 6 }])
    expect(scan.headings).toEqual([{ level: 2, text: 'Memory', line: 1 }])
    expect(scan.htmlTags).toEqual([])
    expect(scan.strayLabMarkers).toEqual([])
  })

  it('finds raw HTML but not comparisons', () => {
    expect(scanBody('a <b>bold</b> and x < 8 and <!-- c -->').htmlTags.map((t) => t.tag)).toEqual([
      '<b>',
      '</b>',
      '<!--',
    ])
  })
})

describe('numberSources', () => {
  it('numbers cited sources by first citation, then lists the uncited ones', () => {
    const sources = [{ id: 'unused' }, { id: 'vllm' }, { id: 'llamacpp' }]
    const { numberOf, ordered } = numberSources(body, sources)
    expect(ordered.map((s) => s.id)).toEqual(['llamacpp', 'vllm', 'unused'])
    expect([...numberOf]).toEqual([
      ['llamacpp', 1],
      ['vllm', 2],
      ['unused', 3],
    ])
  })
})

describe('lab lines', () => {
  it('replaces whole-line markers outside code and lists the checks', () => {
    const out = replaceLabLines(body, (check) => `> Your lab (${check}).`)
    expect(out).toContain('\n> Your lab (vram).\n')
    expect(out).toContain('[^ignored] {{lab:gpu}}')
    expect(labChecksIn(body)).toEqual(['vram'])
  })
})

describe('links', () => {
  it.each([
    ['https://github.com/ggml-org/llama.cpp', true],
    ['https://example.com/a?b=c#d', true],
    ['http://example.com', false],
    ['https://localhost', false],
    ['https://exa mple.com', false],
    ['https:/example.com', false],
  ])('isHttpsUrl(%s) is %s', (url, ok) => {
    expect(isHttpsUrl(url)).toBe(ok)
  })

  it('classifies hrefs', () => {
    expect(classifyHref('mailto:a@b.c')).toEqual({ kind: 'other', href: 'mailto:a@b.c' })
  })
})

describe('parseBlocks and parseInline', () => {
  it('joins paragraph and list lines, nests list items by indent', () => {
    const blocks = parseBlocks(
      'One\ntwo\n\n- a\n  more\n  - b\n1. c\n> quote\n> on\n---\n| a | b |',
    )
    expect(blocks.map((b) => b.kind)).toEqual([
      'paragraph',
      'list-item',
      'list-item',
      'list-item',
      'quote',
      'rule',
      'table',
    ])
    expect(blocks[0]).toEqual({ kind: 'paragraph', text: 'One two', line: 1 })
    expect(blocks[1]).toMatchObject({ text: 'a more', depth: 0 })
    expect(blocks[2]).toMatchObject({ text: 'b', depth: 1 })
    expect(blocks[3]).toMatchObject({ marker: '1.', text: 'c' })
    expect(blocks[4]).toMatchObject({ text: 'quote on' })
  })

  it('parses emphasis, code, links and markers, leaving snake_case alone', () => {
    expect(
      parseInline('**bold** *em* `co*de` [a **b**](lesson:x)[^s] snake_case_name 2 * 3'),
    ).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'em' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'co*de' },
      { kind: 'text', text: ' ' },
      {
        kind: 'link',
        href: 'lesson:x',
        children: [
          { kind: 'text', text: 'a ' },
          { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
        ],
      },
      { kind: 'footnote', id: 's' },
      { kind: 'text', text: ' snake_case_name 2 * 3' },
    ])
  })
})
