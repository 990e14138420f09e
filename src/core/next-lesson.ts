import type { LearningHub, LearningPath, Lesson, Progress } from './curriculum.js'
import type { HardwareProfile } from './hardware.js'

/** The lesson to read next and why; `lessonId` is null once every lesson is done. */
export interface Recommendation {
  readonly lessonId: string | null
  readonly reason: string
}

/** The path that explains running AI inside an ESXi VM (passthrough, reservations). */
export const VSPHERE_PATH_ID = 'vsphere-for-ai'
/** The path that explains what hardware AI needs (GPU, VRAM, RAM, disks). */
export const HARDWARE_PATH_ID = 'hardware-for-ai'

/** Paths the reader's hardware makes more urgent, with why; the quality test checks the ids exist. */
function preferredPaths(hw: HardwareProfile | null): Map<string, string> {
  const out = new Map<string, string>()
  if (hw == null) return out
  if (hw.virtualization.isVmwareGuest) out.set(VSPHERE_PATH_ID, 'your lab is a VMware VM')
  if (hw.gpus.length === 0) out.set(HARDWARE_PATH_ID, 'your lab has no GPU yet')
  return out
}

/**
 * Recommends the next lesson:
 * 1. a path the reader has started and not finished comes first (finish what you began);
 * 2. then paths the hardware makes relevant (a VMware guest gets the vSphere path, a lab
 *    without GPU the hardware path);
 * 3. then the hub's own order.
 * In the chosen path it takes the first unfinished lesson; if that lesson has unfinished
 * prerequisites, it recommends the first of those instead (following them down).
 */
export function recommendNextLesson(
  hub: LearningHub,
  progress: Progress,
  hw: HardwareProfile | null,
): Recommendation {
  const remaining = hub.lessons.filter((l) => !progress.done.has(l.id))
  if (remaining.length === 0)
    return {
      lessonId: null,
      reason: `You have finished all ${hub.lessons.length} lessons; retake any quiz with \`homelab-ai learn LESSON\`.`,
    }
  const preferred = preferredPaths(hw)
  const started = (p: LearningPath) => p.lessons.some((id) => progress.done.has(id))
  const rank = (p: LearningPath, index: number) => [
    started(p) ? 0 : 1,
    preferred.has(p.id) ? 0 : 1,
    index,
  ]
  const ordered = hub.paths
    .map((p, i) => ({ p, key: rank(p, i) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((x) => x.p)

  const byId = new Map(hub.lessons.map((l) => [l.id, l]))
  for (const path of ordered) {
    const targetId = path.lessons.find((id) => !progress.done.has(id))
    const target = targetId == null ? undefined : byId.get(targetId)
    if (target == null) continue
    const lesson = firstReadable(target, byId, progress)
    const doneCount = path.lessons.filter((id) => progress.done.has(id)).length
    const why = started(path)
      ? `Next in "${path.title}", which you have started (${doneCount} of ${path.lessons.length} done).`
      : preferred.has(path.id)
        ? `"${path.title}" comes early because ${preferred.get(path.id) ?? ''}.`
        : `Start of "${path.title}": ${path.summary}`
    const detour =
      lesson.id === target.id ? '' : ` Read this first: "${target.title}" builds on it.`
    return { lessonId: lesson.id, reason: why + detour }
  }
  // Unreachable while every lesson sits in a path (the validator guarantees it); still answer.
  const first = remaining[0]
  return { lessonId: first?.id ?? null, reason: 'The first lesson you have not finished.' }
}

/** Follows unfinished prerequisites down to a lesson whose prerequisites are all done. */
function firstReadable(
  lesson: Lesson,
  byId: ReadonlyMap<string, Lesson>,
  progress: Progress,
): Lesson {
  let current = lesson
  const seen = new Set<string>()
  // The validator rejects prerequisite circles; `seen` only keeps a bad hub from looping forever.
  while (!seen.has(current.id)) {
    seen.add(current.id)
    const pending = current.prerequisites
      .map((id) => byId.get(id))
      .find((l) => l != null && !progress.done.has(l.id))
    if (pending == null) return current
    current = pending
  }
  return current
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
