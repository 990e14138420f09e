import { describe, expect, it } from 'vitest'
import type { LearningHub } from './curriculum.js'
import { recommendNextLesson } from './next-lesson.js'
import { esxiVmWithPassthrough, miniPcNoGpu, rtx3090Box } from './test-hardware.js'
import { sampleHub } from './test-learning-hub.js'

const done = (...ids: string[]) => ({ done: new Set(ids) })
const hub = sampleHub()

describe('recommendNextLesson', () => {
  it('starts at the first path for a GPU box on bare metal', () => {
    expect(recommendNextLesson(hub, done(), rtx3090Box())).toEqual({
      lessonId: 'tokens',
      reason: 'Start of "Basics": Tokens, VRAM and the KV cache.',
    })
  })

  it('brings the vSphere path forward in a VMware VM, via its prerequisite', () => {
    expect(recommendNextLesson(hub, done(), esxiVmWithPassthrough())).toEqual({
      lessonId: 'tokens',
      reason:
        '"vSphere for AI" comes early because your lab is a VMware VM. Read this first: "GPU passthrough on ESXi" builds on it.',
    })
  })

  it('brings the hardware path forward when the lab has no GPU', () => {
    expect(recommendNextLesson(hub, done(), miniPcNoGpu())).toEqual({
      lessonId: 'choosing-a-gpu',
      reason: '"Hardware for AI" comes early because your lab has no GPU yet.',
    })
  })

  it('continues a started path before a preferred one', () => {
    expect(recommendNextLesson(hub, done('tokens'), miniPcNoGpu())).toEqual({
      lessonId: 'kv-cache',
      reason: 'Next in "Basics", which you have started (1 of 2 done).',
    })
  })

  it('moves on to the next path once one is finished, without a profile', () => {
    expect(recommendNextLesson(hub, done('tokens', 'kv-cache'), null).lessonId).toBe(
      'gpu-passthrough',
    )
  })

  it('says so when everything is done', () => {
    const all = done(...hub.lessons.map((l) => l.id))
    expect(recommendNextLesson(hub, all, null)).toEqual({
      lessonId: null,
      reason: 'You have finished all 4 lessons; retake any quiz with `homelab-ai learn LESSON`.',
    })
  })

  it('follows prerequisites across paths, down to one that can be read', () => {
    const chained: LearningHub = {
      ...hub,
      lessons: hub.lessons.map((l) =>
        l.id === 'tokens' ? { ...l, prerequisites: ['choosing-a-gpu'] } : l,
      ),
    }
    expect(recommendNextLesson(chained, done(), null)).toEqual({
      lessonId: 'choosing-a-gpu',
      reason:
        'Start of "Basics": Tokens, VRAM and the KV cache. Read this first: "Tokens and context" builds on it.',
    })
  })
})
