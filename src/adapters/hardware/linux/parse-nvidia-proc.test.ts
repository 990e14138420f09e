import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseNvidiaModel, parseNvidiaVersion } from './parse-nvidia-proc.js'

const read = (rel: string) => readFileSync(new URL(`./fixtures/${rel}`, import.meta.url), 'utf8')

describe('/proc/driver/nvidia parsers', () => {
  it.each([
    ['vmware-vm-rtx3090-passthrough/proc/driver/nvidia/version', '535.129.03'],
    // The open kernel module words its banner differently.
    ['baremetal-2gpu/proc/driver/nvidia/version', '550.54.14'],
  ])('parseNvidiaVersion(%s) = %s', (rel, version) => {
    expect(parseNvidiaVersion(read(rel))).toBe(version)
  })

  it('is null for text without an NVRM line', () => {
    expect(parseNvidiaVersion('GCC version: 12\n')).toBeNull()
  })

  it('reads the Model line of a GPU information file', () => {
    const info = read(
      'vmware-vm-rtx3090-passthrough/proc/driver/nvidia/gpus/0000:0b:00.0/information',
    )
    expect(parseNvidiaModel(info)).toBe('NVIDIA GeForce RTX 3090')
    expect(parseNvidiaModel('Model: \t\t \nIRQ: 1')).toBeNull()
  })
})
