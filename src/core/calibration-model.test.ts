import { describe, expect, it } from 'vitest'
import { calibrationForCatalog } from './calibration-model.js'
import { TEST_MODELS as catalog } from './test-fit-data.js'

const measured = (model: string) => ({
  memoryBandwidthGBps: 40,
  llm: { model, promptTokensPerSec: 60, generationTokensPerSec: 9 },
})

describe('calibrationForCatalog', () => {
  it.each([
    ['Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'llama-3.1-8b-instruct', 'Q4_K_M'],
    ['ollama:llama3.1:8b', 'llama-3.1-8b-instruct', undefined],
    ['Qwen2.5-7B-Instruct-Q8_0.gguf', 'qwen2.5-7b-instruct', 'Q8_0'],
  ])('%s is %s at %s', (file, id, quant) => {
    const cal = calibrationForCatalog(measured(file), catalog)
    expect(cal.llm?.model).toBe(id)
    expect(cal.llm?.quant).toBe(quant)
    expect(cal.memoryBandwidthGBps).toBe(40)
  })

  it('leaves a model the catalog does not know as it was', () => {
    const cal = measured('my-own-finetune.gguf')
    expect(calibrationForCatalog(cal, catalog)).toEqual(cal)
  })
})
