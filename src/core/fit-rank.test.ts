/**
 * The ranking's fast path must agree with the full evaluation: same verdict for every model,
 * quantization and context, and the shown result identical to assessFit's.
 */
import { describe, expect, it } from 'vitest'
import { assessFit, rankModels, RANK_CONTEXTS } from './fit.js'
import { calibrationRatio, evaluate, evaluateLevel } from './fit-evaluate.js'
import { machineOf } from './fit-machine.js'
import { prepareModel } from './fit-memory.js'
import type { Calibration } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import { TEST_FIT_DATA as data, TEST_MODELS } from './test-fit-data.js'
import { esxiVmWithPassthrough, macMiniM2Pro, miniPcNoGpu, rtx3090Box } from './test-hardware.js'

const CAL: Calibration = {
  memoryBandwidthGBps: 40,
  llm: {
    model: 'llama-3.1-8b-instruct',
    quant: 'Q4_K_M',
    promptTokensPerSec: 2500,
    generationTokensPerSec: 90,
  },
}
const MACHINES: readonly [string, HardwareProfile, Calibration | undefined][] = [
  ['rtx3090Box', rtx3090Box(), undefined],
  ['rtx3090Box calibrated', rtx3090Box(), CAL],
  ['miniPcNoGpu calibrated', miniPcNoGpu(), CAL],
  ['macMiniM2Pro', macMiniM2Pro(), undefined],
  ['esxiVmWithPassthrough', esxiVmWithPassthrough(), undefined],
]

describe('evaluateLevel agrees with evaluate', () => {
  it.each(MACHINES)('%s: every model x quantization x context', (_name, hw, cal) => {
    const machine = machineOf(hw, data, {})
    const ratio = calibrationRatio(machine, data, cal)
    let checked = 0
    for (const model of TEST_MODELS.llm) {
      const p = prepareModel(model, data.quants)
      for (const q of data.quants)
        for (const contextTokens of RANK_CONTEXTS) {
          const req = { model, quant: q.name, contextTokens, kvCacheType: 'f16' as const }
          const full = evaluate(p, req, machine, data, cal, ratio)
          expect(evaluateLevel(p, req, machine, data, cal, ratio)).toBe(full.level)
          checked++
        }
    }
    expect(checked).toBe(TEST_MODELS.llm.length * data.quants.length * RANK_CONTEXTS.length)
  })
})

describe('rankModels', () => {
  it.each(MACHINES)('%s: the shown result is assessFit of its quant and context', (_n, hw, cal) => {
    for (const r of rankModels(TEST_MODELS.llm, hw, data, { calibration: cal })) {
      const req = {
        model: r.model,
        quant: r.best.quant,
        contextTokens: r.best.contextTokens,
        kvCacheType: 'f16' as const,
      }
      expect(r.best).toEqual(assessFit(req, hw, data, cal))
    }
  })

  it('gives the same answer twice (memoised model preparation changes nothing)', () => {
    const a = rankModels(TEST_MODELS.llm, rtx3090Box(), data)
    const b = rankModels(TEST_MODELS.llm, rtx3090Box(), data)
    expect(b).toEqual(a)
  })
})
