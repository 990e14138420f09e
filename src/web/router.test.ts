import { describe, expect, it } from 'vitest'
import { isPage, lessonHref, modelHref, parseRoute } from './router.js'

describe('parseRoute', () => {
  it.each([
    ['', { page: 'overview' }],
    ['#/', { page: 'overview' }],
    ['#/overview', { page: 'overview' }],
    ['#/nope', { page: 'overview' }],
    ['#/learn', { page: 'learn', lessonId: null }],
    ['#/learn/', { page: 'learn', lessonId: null }],
    ['#/learn/what-is-a-gpu', { page: 'learn', lessonId: 'what-is-a-gpu' }],
    ['#/models', { page: 'models', modelId: null }],
    ['#/models/llama-3.1-8b', { page: 'models', modelId: 'llama-3.1-8b' }],
    ['#/models/a%20b', { page: 'models', modelId: 'a b' }],
    // A stray `%` that is no escape stays as typed instead of throwing.
    ['#/models/100%', { page: 'models', modelId: '100%' }],
    ['#/benchmarks', { page: 'benchmarks' }],
    ['#/lab', { page: 'lab' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route)
  })

  it('round-trips the hrefs it builds', () => {
    expect(parseRoute(lessonHref('kv cache/1'))).toEqual({ page: 'learn', lessonId: 'kv cache/1' })
    expect(parseRoute(modelHref('qwen3-30b-a3b'))).toEqual({
      page: 'models',
      modelId: 'qwen3-30b-a3b',
    })
  })

  it('knows only the pages the dashboard has', () => {
    expect(['overview', 'models', 'learn', 'lab', 'benchmarks', 'nope'].filter(isPage)).toEqual([
      'overview',
      'models',
      'learn',
      'lab',
      'benchmarks',
    ])
  })
})
