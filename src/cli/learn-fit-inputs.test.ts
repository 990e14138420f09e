import { describe, expect, it } from 'vitest'
import { StoreError } from '../core/errors.js'
import { loadCalibratedFitInputs, loadPackageFitInputs } from './learn-fit-inputs.js'
import { createTestContext } from './test-context.js'

describe('fit inputs for learn', () => {
  it('loads the package catalogs without calibration', async () => {
    const inputs = await loadPackageFitInputs()
    expect(inputs.catalog.llm.some((m) => m.id === 'llama-3.1-8b-instruct')).toBe(true)
    expect(inputs.data.quants.length).toBeGreaterThan(5)
    expect(inputs.calibration).toBeNull()
  })

  it('has no calibration while the store holds no benchmark run', async () => {
    const inputs = await loadCalibratedFitInputs(createTestContext())
    expect(inputs.catalog.llm.length).toBeGreaterThan(0)
    expect(inputs.calibration).toBeNull()
  })

  it('keeps going without calibration when the store is locked', async () => {
    const ctx = {
      ...createTestContext(),
      openStore: () => Promise.reject(new StoreError('the history file is locked')),
    }
    expect((await loadCalibratedFitInputs(ctx)).calibration).toBeNull()
  })
})
