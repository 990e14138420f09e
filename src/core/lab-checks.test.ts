import { describe, expect, it } from 'vitest'
import { LAB_CHECKS } from './curriculum.js'
import type { HardwareProfile } from './hardware.js'
import { labCheckSentence, NO_PROFILE_SENTENCE } from './lab-checks.js'
import {
  coralUsb,
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  mount,
  rtx3090,
  rtx3090Box,
} from './test-hardware.js'

const sentences = (hw: HardwareProfile) =>
  Object.fromEntries(LAB_CHECKS.map((check) => [check, labCheckSentence(check, hw)]))

describe('labCheckSentence', () => {
  it('asks for a probe when there is no profile', () => {
    for (const check of LAB_CHECKS) expect(labCheckSentence(check, null)).toBe(NO_PROFILE_SENTENCE)
  })

  it('describes a bare-metal RTX 3090 box', () => {
    expect(sentences(rtx3090Box())).toMatchInlineSnapshot(`
      {
        "coral": "Your lab: no Coral TPU found; TensorFlow Lite models run on the CPU. A Coral USB stick can be passed through to an ESXi VM.",
        "cores": "Your lab: 16 cores and 32 threads (AMD Ryzen 9 5950X 16-Core Processor): at least the 4 cores a local AI stack wants. AVX2 is present, the baseline for fast CPU inference in llama.cpp.",
        "gpu": "Your lab: 1x NVIDIA GeForce RTX 3090 (24 GiB VRAM). NVIDIA is the best supported: every common AI stack runs on CUDA.",
        "ram-ratio": "Your lab: 63 GiB of RAM for 24 GiB of VRAM (2.6x): meets the rule of thumb of at least twice the VRAM.",
        "storage": "Your lab: 3102 GiB free on /srv/models (a hard disk, so models load slowly): room for a chatbot stack (~20 GB), an image stack (~10 GB) and a collection of models.",
        "virtualization": "Your lab: this machine runs on bare metal, so the OS owns the GPU and all memory directly.",
        "vram": "Your lab: 24 GiB of VRAM: at or above the 8 GB that most chat and image stacks recommend. As a rule of thumb, a 4-bit model of up to about 35B parameters fits, with room for its KV cache.",
      }
    `)
  })

  it('describes a mini PC without GPU', () => {
    expect(sentences(miniPcNoGpu())).toMatchInlineSnapshot(`
      {
        "coral": "Your lab: no Coral TPU found; TensorFlow Lite models run on the CPU. A Coral USB stick can be passed through to an ESXi VM.",
        "cores": "Your lab: 4 cores and 4 threads (Intel(R) N100): at least the 4 cores a local AI stack wants. AVX2 is present, the baseline for fast CPU inference in llama.cpp.",
        "gpu": "Your lab: no GPU that the probe could see, so models run on the CPU: small models work, several times slower than on a GPU.",
        "ram-ratio": "Your lab: 15 GiB of RAM and no separate VRAM, so RAM itself is the limit: a model needs about its file size plus 1-2 GiB.",
        "storage": "Your lab: 421 GiB free on / (NVMe, the preferred kind): room for a chatbot stack (~20 GB), an image stack (~10 GB) and a collection of models.",
        "virtualization": "Your lab: this machine runs on bare metal, so the OS owns the GPU and all memory directly.",
        "vram": "Your lab: no GPU, so there is no VRAM; models load into the 15 GiB of system RAM instead.",
      }
    `)
  })

  it('describes an ESXi VM with a passed-through GPU', () => {
    expect(sentences(esxiVmWithPassthrough())).toMatchInlineSnapshot(`
      {
        "coral": "Your lab: no Coral TPU found; TensorFlow Lite models run on the CPU. A Coral USB stick can be passed through to an ESXi VM.",
        "cores": "Your lab: 8 cores and 8 threads (Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz), as many as this VM was given: at least the 4 cores a local AI stack wants. AVX2 is present, the baseline for fast CPU inference in llama.cpp.",
        "gpu": "Your lab: 1x NVIDIA GeForce RTX 3090 (24 GiB VRAM, passthrough). NVIDIA is the best supported: every common AI stack runs on CUDA.",
        "ram-ratio": "Your lab: 31 GiB of RAM for 24 GiB of VRAM (1.3x): below the rule of thumb of twice the VRAM; 48 GiB would meet it.",
        "storage": "Your lab: 5210 GiB free on /models (network storage, as fast as the link to it): room for a chatbot stack (~20 GB), an image stack (~10 GB) and a collection of models.",
        "virtualization": "Your lab: this machine is a VMware VM; it sees NVIDIA GeForce RTX 3090 through DirectPath I/O passthrough.",
        "vram": "Your lab: 24 GiB of VRAM: at or above the 8 GB that most chat and image stacks recommend. As a rule of thumb, a 4-bit model of up to about 35B parameters fits, with room for its KV cache.",
      }
    `)
  })

  it('describes Apple unified memory', () => {
    expect(labCheckSentence('vram', macMiniM2Pro())).toMatchInlineSnapshot(
      `"Your lab: Apple M2 Pro shares 32 GiB of unified memory between CPU and GPU, so a model's size is limited by RAM rather than by a separate VRAM pool."`,
    )
  })

  it.each([
    [
      'a small card',
      rtx3090Box({
        gpus: [rtx3090({ name: 'NVIDIA GeForce GTX 1650', vramMiB: 4096 })],
        memory: { ...rtx3090Box().memory, totalGiB: 6 },
      }),
    ],
  ])('flags %s below the 8 GB and 2x RAM rules', (_name, hw) => {
    expect(labCheckSentence('vram', hw)).toContain('below the 8 GB most stacks recommend')
    expect(labCheckSentence('ram-ratio', hw)).toContain('8 GiB would meet it')
  })

  it('explains a Coral in its bootloader state on a USB 2 link', () => {
    const coral = { ...coralUsb('bootloader'), usbSpeedMbps: 480 }
    expect(labCheckSentence('coral', miniPcNoGpu({ accelerators: [coral] }))).toMatchInlineSnapshot(
      `"Your lab: Global Unichip Corp. (Coral USB Accelerator, bootloader) found, it shows its bootloader ID, which is normal until the first model loads its firmware; it is on a USB 2 link, so plug it into a USB 3 port for full speed."`,
    )
  })

  it('warns about a nearly full disk', () => {
    const hw = miniPcNoGpu({ storage: [mount({ mount: '/', freeGiB: 12.5, kind: 'ssd' })] })
    expect(labCheckSentence('storage', hw)).toMatchInlineSnapshot(
      `"Your lab: 13 GiB free on / (SSD, fine for models): less than the ~20 GB a chatbot stack needs."`,
    )
  })
})
