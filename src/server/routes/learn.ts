import { Hono } from 'hono'
import {
  closestLessonIds,
  findLesson,
  progressFromResults,
  type LearningHub,
} from '../../core/curriculum.js'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import type { HandsOnFitInputs } from '../../core/hands-on-fit.js'
import {
  lessonView,
  needsFitInputs,
  nextLessonView,
  pathsView,
  searchView,
} from '../../core/learn-views.js'
import type { LearnResponse, LessonResultResponse } from '../api-types.js'
import { validateLessonResultBody } from '../body-validation.js'
import { intQuery, readJsonBody } from '../request-input.js'
import { calibrationFor } from './models.js'
import type { RouteContext } from './route-context.js'

/** The learning hub: paths with progress, lessons, search, and quiz results. */
export function learnRoutes({ deps }: RouteContext): Hono {
  const { history } = deps
  // Loaded once; a failed load is retried on the next request, so a fixed file is picked up.
  let loading: Promise<LearningHub> | null = null
  const hub = () => {
    loading ??= deps.loadLearningHub().catch((error: unknown) => {
      loading = null
      throw error
    })
    return loading
  }
  const progress = () => progressFromResults(history.listLessonResults())
  // The same inputs as GET /fit, so the lesson's verdict and the Models page give one speed.
  const fitInputs = async (): Promise<HandsOnFitInputs> => {
    const [catalog, data, calibration] = await Promise.all([
      deps.loadModelCatalog(),
      deps.loadFitData(),
      calibrationFor(deps, false),
    ])
    return { catalog, data, calibration }
  }
  const lessonOf = (h: LearningHub, id: string) => {
    const lesson = findLesson(h, id)
    if (lesson == null) throw new UnknownNameError('lesson', id, closestLessonIds(h, id))
    return lesson
  }
  return new Hono()
    .get('/learn', async (c) => {
      const h = await hub()
      const p = progress()
      const body: LearnResponse = {
        ...pathsView(h, p),
        next: nextLessonView(h, p, history.latestProfile()),
      }
      return c.json(body)
    })
    .get('/learn/search', async (c) => {
      const query = (c.req.query('q') ?? '').trim()
      if (query === '') throw new UsageError('q needs words to look for, e.g. q=kv cache')
      const limit = intQuery(c, 'limit', { min: 1, max: 50 }, 8)
      return c.json(searchView(await hub(), query.slice(0, 200), limit))
    })
    .get('/learn/:lessonId', async (c) => {
      const h = await hub()
      const lesson = lessonOf(h, c.req.param('lessonId'))
      const hw = history.latestProfile()
      const inputs = needsFitInputs(lesson, hw) ? await fitInputs() : null
      return c.json(lessonView(h, lesson, progress(), hw, inputs))
    })
    .post('/learn/:lessonId/result', async (c) => {
      const h = await hub()
      const lesson = lessonOf(h, c.req.param('lessonId'))
      const { correct, total } = validateLessonResultBody(
        await readJsonBody(c),
        lesson.questions.length,
      )
      const result = {
        lessonId: lesson.id,
        completedAt: deps.now().toISOString(),
        correct,
        total,
      }
      history.recordLessonResult(result)
      const body: LessonResultResponse = {
        result,
        next: nextLessonView(h, progress(), history.latestProfile()),
      }
      return c.json(body, 201)
    })
}
