import { describe, expect, it } from 'vitest'
import { buildLessonIndex, searchLessons, tokenize } from './lesson-search.js'

const lessons = [
  {
    id: 'kv-cache',
    title: 'The KV cache, and why context costs memory',
    summary: 'Keys and values are kept for every token.',
    tags: ['llm', 'memory'],
    body: 'Like a datastore that keeps snapshots, the cache grows.[^a] See [tokens](lesson:tokens).\n\n{{lab:vram}}\n',
  },
  {
    id: 'quantization',
    title: 'Quantization: smaller weights',
    summary: 'Fewer bits per weight, less VRAM, a little less quality.',
    tags: ['llm'],
    body: 'Quantized models fit in less memory. Memory, memory, memory.',
  },
  {
    id: 'gpu-passthrough',
    title: 'GPU passthrough on ESXi',
    summary: 'DirectPath I/O hands a whole card to one VM.',
    tags: ['vsphere', 'gpu'],
    body: 'Reserve all guest memory, then add the PCI device. Run `homelab-ai probe` in the VM.',
  },
]
const index = buildLessonIndex(lessons)
const ids = (query: string, n = 5) => searchLessons(index, query, n).map((h) => h.lessonId)

describe('tokenize', () => {
  it('lower-cases, drops stop words and punctuation, folds plurals', () => {
    expect(tokenize('The KV-cache: why Models need VRAM, and ESXi 8.0')).toEqual([
      'kv',
      'cache',
      'model',
      'need',
      'vram',
      'esxi',
      '8',
      '0',
    ])
    expect(tokenize('Größe')).toEqual(['große'])
  })
})

describe('searchLessons', () => {
  it('ranks a title hit above repeated body hits', () => {
    expect(ids('memory')).toEqual(['kv-cache', 'quantization', 'gpu-passthrough'])
  })

  it('prefers lessons that match more of the query words', () => {
    expect(ids('vram passthrough')[0]).toBe('gpu-passthrough')
    expect(ids('kv cache memory')[0]).toBe('kv-cache')
  })

  it('matches word prefixes, searches tags and code, ignores link targets and lab markers', () => {
    expect(ids('quant')).toEqual(['quantization'])
    expect(ids('vsphere')).toEqual(['gpu-passthrough'])
    expect(ids('probe')).toEqual(['gpu-passthrough'])
    expect(ids('lesson')).toEqual([])
    expect(ids('lab')).toEqual([])
  })

  it('returns nothing for an empty or stop-word query, and at most n hits', () => {
    expect(ids('the and')).toEqual([])
    expect(ids('memory', 1)).toEqual(['kv-cache'])
    expect(searchLessons(index, 'memory', 0)).toEqual([])
  })

  it('returns titles and summaries with the score', () => {
    const [hit] = searchLessons(index, 'directpath', 1)
    expect(hit).toMatchObject({ lessonId: 'gpu-passthrough', title: 'GPU passthrough on ESXi' })
    expect(hit?.score).toBeGreaterThan(0)
  })
})
