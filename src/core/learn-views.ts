/**
 * The learning hub's JSON views, built from the hub, the reader's progress and the latest probe.
 * Shared by `learn --json` and the web API, so both show the same data.
 */
import {
  findLesson,
  findPath,
  type LabCheck,
  type LearningHub,
  type Lesson,
  type Progress,
} from './curriculum.js'
import { handsOnPrerequisite } from './hands-on.js'
import { handsOnFit, type HandsOnFitInputs } from './hands-on-fit.js'
import type { HardwareProfile } from './hardware.js'
import { labCheckSentence } from './lab-checks.js'
import { labChecksIn } from './lesson-links.js'
import { buildLessonIndex, searchLessons } from './lesson-search.js'
import { recommendNextLesson } from './next-lesson.js'
import type { LessonView, NextLessonView, PathsView, SearchView } from './report-views.js'

/** Every path with its lessons and whether each is done. */
export function pathsView(hub: LearningHub, progress: Progress): PathsView {
  return {
    paths: hub.paths.map((p) => ({
      id: p.id,
      title: p.title,
      lessons: p.lessons.map((id) => {
        const l = findLesson(hub, id)
        return { id, title: l?.title ?? id, minutes: l?.minutes ?? 0, done: progress.done.has(id) }
      }),
    })),
  }
}

/** The lesson to read next, with its title. */
export function nextLessonView(
  hub: LearningHub,
  progress: Progress,
  hw: HardwareProfile | null,
): NextLessonView {
  const rec = recommendNextLesson(hub, progress, hw)
  return {
    ...rec,
    title: rec.lessonId == null ? null : (findLesson(hub, rec.lessonId)?.title ?? null),
  }
}

/**
 * One lesson with the sentences about the reader's lab and the hands-on verdict. `fitInputs`
 * (the catalogs, loaded by the shell) lets the verdict of a step that runs a model say how fast it
 * runs on the reader's lab; see `needsFitInputs` for when to load them.
 */
export function lessonView(
  hub: LearningHub,
  lesson: Lesson,
  progress: Progress,
  hw: HardwareProfile | null,
  fitInputs: HandsOnFitInputs | null = null,
): LessonView {
  const checks = new Set<LabCheck>(labChecksIn(lesson.body) as LabCheck[])
  if (lesson.labCheck != null) checks.add(lesson.labCheck)
  const path = findPath(hub, lesson.pathId)
  return {
    id: lesson.id,
    title: lesson.title,
    minutes: lesson.minutes,
    summary: lesson.summary,
    path: { id: lesson.pathId, title: path?.title ?? lesson.pathId },
    prerequisites: lesson.prerequisites.map((id) => ({
      id,
      title: findLesson(hub, id)?.title ?? id,
      done: progress.done.has(id),
    })),
    tags: lesson.tags,
    labCheck: lesson.labCheck,
    lab: [...checks].map((check) => ({ check, sentence: labCheckSentence(check, hw) })),
    handsOn:
      lesson.handsOn == null
        ? null
        : {
            ...lesson.handsOn,
            prerequisite: handsOnPrerequisite(
              lesson.handsOn,
              hw,
              hw != null && fitInputs != null ? handsOnFit(lesson.handsOn, hw, fitInputs) : null,
            ),
          },
    body: lesson.body,
    questions: lesson.questions,
    sources: lesson.sources,
    done: progress.done.has(lesson.id),
  }
}

/** Whether lessonView would use the fit catalogs: the step runs a model and a probe exists. */
export function needsFitInputs(lesson: Lesson, hw: HardwareProfile | null): boolean {
  return lesson.handsOn?.model != null && hw != null
}

/** Search hits best first; scores rounded to 3 decimals so the output is stable. */
export function searchView(hub: LearningHub, query: string, max: number): SearchView {
  const results = searchLessons(buildLessonIndex(hub.lessons), query, max).map((h) => ({
    ...h,
    score: Math.round(h.score * 1000) / 1000,
  }))
  return { query, results }
}
