import { describe, expect, it } from 'vitest'
import { NO_WHAT_IF, isWhatIf, whatIfQuery } from './what-if.js'

describe('whatIfQuery', () => {
  it('is empty for the machine as it is', () => {
    expect(whatIfQuery(NO_WHAT_IF)).toEqual({})
    expect(isWhatIf(NO_WHAT_IF)).toBe(false)
  })

  it('writes GPUs, RAM and cores as the CLI flags', () => {
    expect(
      whatIfQuery({
        gpus: [
          { name: 'NVIDIA GeForce RTX 3090', count: 2 },
          { name: '', count: 1 },
          { name: 'NVIDIA Tesla P40', count: 1 },
        ],
        ramGiB: ' 128 ',
        cores: '16',
      }),
    ).toEqual({
      gpu: '2x NVIDIA GeForce RTX 3090, 1x NVIDIA Tesla P40',
      ram: '128',
      cores: '16',
    })
  })
})
