import { describe, expect, it } from 'vitest'
import { ryzenApuMiniPc } from '../../core/test-hardware.js'
import { mergeGpus } from './merge-gpus.js'

describe('mergeGpus', () => {
  const sysfs = ryzenApuMiniPc().gpus[0]
  if (sysfs == null) throw new Error('fixture has no GPU')
  const tool = {
    ...sysfs,
    name: 'AMD Radeon 890M Graphics',
    vramMiB: 2048,
    vramFreeMiB: 1800,
    pcie: null,
    gttMiB: undefined,
    source: 'rocm-smi',
  }

  it("keeps sysfs's GTT size when rocm-smi names the iGPU", () => {
    const [merged] = mergeGpus([sysfs], [tool])
    expect(merged).toMatchObject({
      name: 'AMD Radeon 890M Graphics',
      vramFreeMiB: 1800,
      gttMiB: 31437,
      source: 'rocm-smi+sysfs',
    })
  })

  it('adds no GTT field when neither side knows one', () => {
    const [merged] = mergeGpus([{ ...sysfs, gttMiB: undefined }], [tool])
    expect(merged != null && 'gttMiB' in merged && merged.gttMiB !== undefined).toBe(false)
  })
})
