import { describe, expect, it } from 'vitest'
import { renderMarkdownForTerminal } from './markdown-terminal.js'

const md = [
  '## Why context costs memory',
  '',
  'The **KV cache** keeps a key and a *value* for every token,[^llamacpp] much like a datastore',
  'keeps every snapshot. Read [tokens](lesson:tokens) first, check the [Models page](page:models),',
  'and see the [README](https://github.com/ggml-org/llama.cpp). Run `homelab-ai probe`.',
  '',
  '- one key per token, kept for each layer of the model, for as long as the context lasts',
  '  - nested item',
  '1. numbered',
  '',
  '> Your lab: 24 GiB of VRAM.',
  '',
  '```',
  'homelab-ai probe --json',
  '```',
].join('\n')

const sources = [
  { id: 'unused', title: 'A source the body never cites', url: 'https://example.com/unused' },
  { id: 'llamacpp', title: 'llama.cpp README', url: 'https://github.com/ggml-org/llama.cpp' },
]

// eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point of this test
const ANSI = /\x1b\[[0-9;]*m/g

describe('renderMarkdownForTerminal', () => {
  it('renders plain text without color: underlined headings, wrapped lists, numbered sources', () => {
    expect(renderMarkdownForTerminal(md, { width: 60, color: false, sources }))
      .toMatchInlineSnapshot(`
      "Why context costs memory
      ------------------------

      The KV cache keeps a key and a value for every token,[1]
      much like a datastore keeps every snapshot. Read tokens
      (homelab-ai learn tokens) first, check the Models page
      (models page of the dashboard), and see the README
      (https://github.com/ggml-org/llama.cpp). Run
      \`homelab-ai probe\`.

      - one key per token, kept for each layer of the model, for
        as long as the context lasts
        - nested item
      1. numbered

      > Your lab: 24 GiB of VRAM.

          homelab-ai probe --json

      Sources
      -------
      [1] llama.cpp README
          https://github.com/ggml-org/llama.cpp
      [2] A source the body never cites
          https://example.com/unused"
    `)
  })

  it('uses ANSI styles only when color is on, and wraps by visible width', () => {
    const out = renderMarkdownForTerminal(md, { width: 50, color: true, sources })
    expect(out).toContain('\x1b[1m\x1b[4mWhy\x1b[0m')
    expect(out).toContain('\x1b[1mKV\x1b[0m')
    expect(out).toContain('\x1b[36mhomelab-ai probe\x1b[0m')
    for (const line of out.split('\n')) {
      const visible = line.replace(ANSI, '')
      // A URL longer than the width may overflow; nothing else may.
      if (!visible.includes('https://')) expect(visible.length).toBeLessThanOrEqual(50)
    }
    expect(renderMarkdownForTerminal(md, { width: 50, color: false, sources })).not.toMatch(ANSI)
  })

  it('leaves footnote ids when no sources are given, and keeps unreplaced lab lines visible', () => {
    const out = renderMarkdownForTerminal('A fact.[^x]\n\n{{lab:vram}}', {
      width: 80,
      color: false,
    })
    expect(out).toBe('A fact.[x]\n\n[lab check: vram]')
  })
})
