import { describe, expect, it } from 'vitest'
import type { HandsOnNeed } from './curriculum.js'
import { handsOnPrerequisite } from './hands-on.js'
import { handsOnFit, type HandsOnFitInputs } from './hands-on-fit.js'
import type { HardwareProfile } from './hardware.js'
import { TEST_FIT_DATA, TEST_MODELS } from './test-fit-data.js'
import {
  coralUsb,
  esxiVmWithPassthrough,
  miniPcNoGpu,
  rtx3090,
  rtx3090Box,
} from './test-hardware.js'

const small = rtx3090Box({ gpus: [rtx3090({ name: 'NVIDIA GeForce RTX 3050', vramMiB: 6144 })] })

describe('handsOnPrerequisite', () => {
  it.each<[string, HandsOnNeed, HardwareProfile | null, boolean, string]>([
    ['anything on any lab', 'none', null, true, 'Runs on any lab.'],
    [
      'a GPU before any probe',
      'gpu',
      null,
      false,
      'Not checked yet: this step needs a GPU; run `homelab-ai probe` first to see whether your lab has it.',
    ],
    [
      'a GPU on the 3090 box',
      'gpu',
      rtx3090Box(),
      true,
      'Your lab has a GPU (NVIDIA GeForce RTX 3090).',
    ],
    [
      'a GPU on a mini PC',
      'gpu',
      miniPcNoGpu(),
      false,
      'Your lab has no GPU: this step runs CPU-only, more slowly, and the numbers will show it.',
    ],
    [
      '8 GB on the 3090 box',
      'vram-8',
      rtx3090Box(),
      true,
      'Your lab has 24.0 GiB of VRAM (8 GB wanted).',
    ],
    [
      '8 GB on a 6 GB card',
      'vram-8',
      small,
      false,
      'Your lab has 6.0 GiB of VRAM, below the 8 GB this step wants: expect smaller models, or layers that spill to the CPU and run more slowly.',
    ],
    [
      '8 GB without GPU',
      'vram-8',
      miniPcNoGpu(),
      false,
      'Your lab has no GPU: this step wants 8 GB of VRAM, so it runs CPU-only, more slowly.',
    ],
    [
      'a Coral that is there',
      'coral',
      miniPcNoGpu({ accelerators: [coralUsb()] }),
      true,
      'Your lab has a Coral TPU (Google Coral USB Accelerator).',
    ],
    [
      'a Coral that is not',
      'coral',
      miniPcNoGpu(),
      false,
      'No Coral TPU found: the step still runs, but TensorFlow Lite falls back to the CPU.',
    ],
    [
      'vSphere in an ESXi VM',
      'vsphere',
      esxiVmWithPassthrough(),
      true,
      'This machine is a VMware VM, as this step expects.',
    ],
    [
      'vSphere on bare metal',
      'vsphere',
      rtx3090Box(),
      false,
      'This step is meant for a VM on ESXi; this machine is bare metal, so the vSphere parts (VMware Tools, DirectPath I/O, reservations) will not show up here.',
    ],
  ])('checks %s', (_name, needs, hw, ok, message) => {
    expect(handsOnPrerequisite({ needs }, hw)).toEqual({ ok, message })
  })
})

describe('handsOnPrerequisite for a step that runs a model', () => {
  const inputs: HandsOnFitInputs = { catalog: TEST_MODELS, data: TEST_FIT_DATA }
  const step = (needs: HandsOnNeed, model = 'llama-3.1-8b-instruct') => ({
    command: `homelab-ai fit ${model}`,
    needs,
    model,
  })
  const verdict = (needs: HandsOnNeed, hw: HardwareProfile, model?: string) => {
    const s = step(needs, model)
    return handsOnPrerequisite(s, hw, handsOnFit(s, hw, inputs))
  }

  it('says how fast the model runs instead of only whether a GPU is there', () => {
    const v = verdict('gpu', rtx3090Box())
    expect(v.ok).toBe(true)
    expect(v.message).toMatch(
      /^Your NVIDIA GeForce RTX 3090 runs Llama 3.1 8B Instruct at \S+ with 8K context fully on the GPU: expect about \d+ tokens\/s\.$/,
    )
    expect(v.fit?.placement).toBe('gpu')
  })

  it('is not ok for a GPU step on a lab without one, and says what to expect instead', () => {
    const v = verdict('gpu', miniPcNoGpu())
    expect(v.ok).toBe(false)
    expect(v.message).toMatch(/^Your lab has no GPU: this lab runs CPU-only; expect about/)
  })

  it('is ok for a step that needs nothing, on the CPU too', () => {
    expect(verdict('none', miniPcNoGpu()).ok).toBe(true)
  })

  it('is not ok when the model does not fit at all', () => {
    const v = verdict('none', miniPcNoGpu(), 'llama-3.1-70b-instruct')
    expect(v.ok).toBe(false)
    expect(v.message).toContain('does not fit in your lab')
  })

  it('keeps the vSphere sentence in front and adds the speed', () => {
    const v = verdict('vsphere', esxiVmWithPassthrough())
    expect(v.ok).toBe(true)
    expect(v.message).toMatch(
      /^This machine is a VMware VM, as this step expects\. Your NVIDIA GeForce RTX 3090 runs/,
    )
  })

  it('names the model to probe for before any probe', () => {
    expect(handsOnPrerequisite(step('none'), null)).toEqual({
      ok: true,
      message:
        'Runs on any lab; run `homelab-ai probe` first, and this note says how fast llama-3.1-8b-instruct runs on yours.',
    })
  })

  it('falls back to the need alone without the fit engine answer', () => {
    expect(handsOnPrerequisite(step('gpu'), rtx3090Box(), null)).toEqual({
      ok: true,
      message: 'Your lab has a GPU (NVIDIA GeForce RTX 3090).',
    })
  })
})
