// @vitest-environment jsdom
import { createElement } from 'react'
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Markdown, type MarkdownContext } from './markdown.js'

afterEach(cleanup)

const ctx: MarkdownContext = {
  labSentence: (check) => (check === 'vram' ? 'Your GPU has **24 GiB**.' : null),
  sourceNumber: (id) => (id === 'paper' ? 1 : undefined),
}

function html(text: string): HTMLElement {
  return render(createElement(Markdown, { text, ctx })).container
}

describe('Markdown', () => {
  it('turns lesson: and page: links into in-app links and keeps https links outside', () => {
    const el = html(
      'See [KV cache](lesson:kv-cache), the [models](page:models), the [lab](page:lab), the [shop](page:shop) and [docs](https://example.org/x).',
    )
    const links = [...el.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])
    expect(links).toEqual([
      ['KV cache', '#/learn/kv-cache'],
      ['models', '#/models'],
      ['lab', '#/lab'],
      ['docs', 'https://example.org/x'],
    ])
    // A page the dashboard does not have stays plain text, never a dead link.
    expect(el.textContent).toContain('the shop and')
    expect(el.querySelector('a[href^="https"]')?.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('never turns text into markup', () => {
    const el = html(
      'A <script>alert(1)</script> and <img src=x onerror=alert(1)> [x](javascript:alert(1))',
    )
    expect(el.querySelector('script, img')).toBeNull()
    expect(el.querySelector('a')).toBeNull()
    expect(el.textContent).toContain('<script>alert(1)</script>')
  })

  it('renders lab lines, citations, headings, nested lists, tables and code', () => {
    const el = html(
      [
        '## Memory',
        '',
        'VRAM matters[^paper][^unknown].',
        '',
        '{{lab:vram}}',
        '{{lab:coral}}',
        '',
        '- one',
        '  - one a',
        '- two',
        '',
        '1. first',
        '',
        '| GPU | GiB |',
        '| --- | --- |',
        '| RTX 3090 | 24 |',
        '',
        '```sh',
        'nvidia-smi -q',
        '```',
      ].join('\n'),
    )
    expect(el.querySelector('h3')?.textContent).toBe('Memory')
    expect([...el.querySelectorAll('button.cite')].map((b) => b.textContent)).toEqual(['[1]'])
    expect(el.querySelector('aside.lab-note')?.textContent).toBe('Your lab: Your GPU has 24 GiB.')
    expect(el.querySelectorAll('aside.lab-note')).toHaveLength(1)
    expect(el.querySelector('ul > li > ul > li')?.textContent).toBe('one a')
    expect(el.querySelector('ol > li')?.textContent).toBe('first')
    expect([...el.querySelectorAll('th')].map((t) => t.textContent)).toEqual(['GPU', 'GiB'])
    expect([...el.querySelectorAll('td')].map((t) => t.textContent)).toEqual(['RTX 3090', '24'])
    expect(el.querySelector('pre code')?.textContent).toBe('nvidia-smi -q')
  })
})
