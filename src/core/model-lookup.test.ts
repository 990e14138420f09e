import { describe, expect, it } from 'vitest'
import { findModel, parseModelRef, suggestModels } from './model-lookup.js'
import { TEST_MODELS as catalog } from './test-fit-data.js'

describe('findModel', () => {
  it.each([
    // catalog ids and Ollama tags
    ['llama-3.1-8b-instruct', 'llama-3.1-8b-instruct'],
    ['LLAMA-3.1-8B-INSTRUCT', 'llama-3.1-8b-instruct'],
    ['llama3.1:8b', 'llama-3.1-8b-instruct'],
    ['llama3.1:latest', 'llama-3.1-8b-instruct'],
    ['llama3.1:8b-instruct-q4_K_M', 'llama-3.1-8b-instruct'],
    ['qwen2.5:72b', 'qwen2.5-72b-instruct'],
    ['gemma2', 'gemma-2-9b-it'],
    ['whisper:large-v3', 'whisper-large-v3'],
    // original Hugging Face repos, with and without URL prefixes
    ['meta-llama/Meta-Llama-3-8B-Instruct', 'llama-3-8b-instruct'],
    ['meta-llama/Meta-Llama-3-70B-Instruct', 'llama-3-70b-instruct'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b-instruct'],
    ['hf.co/meta-llama/Llama-3.1-70B-Instruct', 'llama-3.1-70b-instruct'],
    ['https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct', 'qwen2.5-0.5b-instruct'],
    ['https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/tree/main', 'qwen2.5-7b-instruct'],
    ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral-7b-instruct-v0.3'],
    ['google/gemma-2-27b-it', 'gemma-2-27b-it'],
    // Meta's pre-rename spelling of the 3.1 repos
    ['meta-llama/Meta-Llama-3.1-8B-Instruct', 'llama-3.1-8b-instruct'],
    // GGUF repos and files
    ['bartowski/Meta-Llama-3.1-8B-Instruct-GGUF', 'llama-3.1-8b-instruct'],
    ['hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M', 'llama-3.1-8b-instruct'],
    ['lmstudio-community/Meta-Llama-3-8B-Instruct-GGUF', 'llama-3-8b-instruct'],
    ['Qwen/Qwen2.5-14B-Instruct-GGUF', 'qwen2.5-14b-instruct'],
    ['TheBloke/Mistral-7B-Instruct-v0.1-GGUF', 'mistral-7b-instruct-v0.1'],
    ['unsloth/gemma-2-9b-it-GGUF', 'gemma-2-9b-it'],
    ['lmstudio-community/Phi-3.1-mini-4k-instruct-GGUF', 'phi-3-mini-4k-instruct'],
    ['Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'llama-3.1-8b-instruct'],
    [
      'https://huggingface.co/bartowski/gemma-2-2b-it-GGUF/blob/main/gemma-2-2b-it-Q6_K.gguf',
      'gemma-2-2b-it',
    ],
  ])('%s → %s', (input, id) => {
    expect(findModel(catalog, input)?.id).toBe(id)
  })

  it.each(['', '   ', 'llama9:8b', 'nobody/nothing', 'ggerganov/whisper.cpp'])(
    '%j names no single model',
    (input) => {
      // whisper.cpp's repo holds every Whisper size, so it cannot pick one.
      expect(findModel(catalog, input)).toBeNull()
    },
  )

  it('finds every catalog model by id, by each alias and by its Hugging Face repo', () => {
    for (const kind of ['llm', 'image', 'speech', 'embedding'] as const)
      for (const m of catalog[kind]) {
        expect(findModel(catalog, m.id)?.id).toBe(m.id)
        for (const a of m.aliases) expect(findModel(catalog, a)?.id).toBe(m.id)
        expect(findModel(catalog, m.hfRepo)?.id).toBe(m.id)
        expect(findModel(catalog, `hf.co/${m.hfRepo}`)?.id).toBe(m.id)
      }
  })
})

describe('parseModelRef', () => {
  it.each([
    [
      'hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M',
      'bartowski/meta-llama-3.1-8b-instruct-gguf',
      'Q4_K_M',
    ],
    ['llama3.1:8b-instruct-q8_0', 'llama3.1:8b-instruct', 'Q8_0'],
    ['llama3.1:8b-instruct-fp16', 'llama3.1:8b-instruct', 'F16'],
    ['mistral-7b-instruct-v0.1.Q4_K_S.gguf', 'mistral-7b-instruct-v0.1.q4_k_s.gguf', 'Q4_K_S'],
    ['llama3.1:8b', 'llama3.1:8b', null],
    ['https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/', 'qwen/qwen2.5-7b-instruct', null],
  ])('%s', (input, name, quant) => {
    expect(parseModelRef(input)).toEqual({ name, quant })
  })
})

describe('suggestModels', () => {
  it.each([
    ['llama3.1:7b', 'llama-3.1-8b-instruct'],
    ['qwen2.5-7b', 'qwen2.5-7b-instruct'],
    ['mistrall', 'mistral-7b-instruct-v0.3'],
    ['gemma2:9', 'gemma-2-9b-it'],
  ])('%s suggests %s', (input, id) => {
    expect(suggestModels(catalog, input)).toContain(id)
  })

  it('gives at most n names and none for gibberish', () => {
    expect(suggestModels(catalog, 'llama', 3)).toHaveLength(3)
    expect(suggestModels(catalog, 'zzzzqqqq')).toEqual([])
  })
})
