/**
 * Learn: the paths with progress, what to read next, and full-text search over every lesson
 * (the same index as `homelab-ai learn search`, built in the browser from the lessons).
 */
import { useMemo, useRef, useState } from 'react'
import { callApi } from '../api.js'
import type { LearnResponse, LessonView } from '../../server/api-types.js'
import { buildLessonIndex, searchLessons, type LessonIndex } from '../../core/lesson-search.js'
import { useLoad } from '../use-load.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import { lessonHref } from '../router.js'
import { percent } from '../format.js'
import { LessonPage } from './lesson.js'

const SEARCH_RESULTS = 8

/** The Learn page, or one lesson when the route names it. */
export function LearnPage({ lessonId }: { lessonId: string | null }) {
  if (lessonId != null) return <LessonPage key={lessonId} lessonId={lessonId} />
  return <PathsPage />
}

function PathsPage() {
  const learn = useLoad('learn', (signal) => callApi('GET /api/learn', { signal }))
  return (
    <>
      <h1>Learn</h1>
      <LoadState state={learn} what="the learning paths">
        {(data) => (
          <>
            <NextCard data={data} />
            <Search data={data} />
            <Paths data={data} />
          </>
        )}
      </LoadState>
    </>
  )
}

function NextCard({ data }: { data: LearnResponse }) {
  const all = data.paths.flatMap((p) => p.lessons)
  const done = all.filter((l) => l.done).length
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">Your progress</h2>
      <p className="big" data-testid="overall-progress">
        {done} of {all.length} lessons done
      </p>
      <Progress done={done} total={all.length} label="All lessons" />
      {data.next.lessonId != null ? (
        <p>
          Next: <a href={lessonHref(data.next.lessonId)}>{data.next.title ?? data.next.lessonId}</a>
          <span className="muted"> · {data.next.reason}</span>
        </p>
      ) : (
        <p>{data.next.reason}</p>
      )}
    </section>
  )
}

/** A labelled progress bar (the native element, so screen readers read the value). */
export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <progress
      className="progress"
      max={Math.max(total, 1)}
      value={done}
      aria-label={`${label}: ${done} of ${total} done (${Math.round(percent(done, total))}%)`}
    />
  )
}

function Paths({ data }: { data: LearnResponse }) {
  return (
    <section aria-labelledby="paths-title">
      <h2 id="paths-title">Paths</h2>
      <div className="grid">
        {data.paths.map((path) => {
          const done = path.lessons.filter((l) => l.done).length
          return (
            <div key={path.id} className="card" role="group" aria-labelledby={`path-${path.id}`}>
              <h3 id={`path-${path.id}`}>{path.title}</h3>
              <p className="muted small">
                {done} of {path.lessons.length} done
              </p>
              <Progress done={done} total={path.lessons.length} label={path.title} />
              <ol className="lesson-list">
                {path.lessons.map((l) => (
                  <li key={l.id} className={l.done ? 'done' : undefined}>
                    <span className="check" aria-hidden="true">
                      {l.done ? '✓' : '○'}
                    </span>
                    <a href={lessonHref(l.id)}>{l.title}</a>
                    <span className="muted small">
                      {' '}
                      · {l.minutes} min{l.done && <span className="visually-hidden"> · done</span>}
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          )
        })}
      </div>
    </section>
  )
}

/** Fetches every lesson once and builds the search index; later searches are instant. */
async function loadIndex(ids: readonly string[]): Promise<LessonIndex> {
  const lessons: LessonView[] = await Promise.all(
    ids.map((id) => callApi('GET /api/learn/:lessonId', { params: { lessonId: id } })),
  )
  return buildLessonIndex(lessons)
}

function Search({ data }: { data: LearnResponse }) {
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState<LessonIndex | null>(null)
  const [error, setError] = useState<string | null>(null)
  const started = useRef(false)
  const ids = useMemo(() => data.paths.flatMap((p) => p.lessons.map((l) => l.id)), [data])

  const ensureIndex = () => {
    if (started.current) return
    started.current = true
    loadIndex(ids).then(setIndex, (err: unknown) => {
      started.current = false
      setError(err instanceof Error ? err.message : String(err))
    })
  }
  const hits = useMemo(
    () => (index == null || query.trim() === '' ? [] : searchLessons(index, query, SEARCH_RESULTS)),
    [index, query],
  )
  const status =
    query.trim() === ''
      ? ''
      : index == null
        ? 'Preparing the search index…'
        : hits.length === 0
          ? `No lesson matches “${query}”.`
          : `${hits.length} lesson${hits.length === 1 ? '' : 's'} match “${query}”.`

  return (
    <section className="card" aria-labelledby="search-title" role="search">
      <h2 id="search-title">Search lessons</h2>
      <label htmlFor="lesson-search">Words to look for</label>
      <input
        id="lesson-search"
        type="search"
        value={query}
        placeholder="kv cache, passthrough, quantization…"
        autoComplete="off"
        onFocus={ensureIndex}
        onChange={(e) => {
          ensureIndex()
          setQuery(e.target.value)
        }}
      />
      {error != null && <ErrorLine message={error} retry={ensureIndex} />}
      <p className="muted small" role="status" aria-live="polite">
        {status}
      </p>
      {hits.length > 0 && (
        <ol className="search-results">
          {hits.map((h) => (
            <li key={h.lessonId}>
              <a href={lessonHref(h.lessonId)}>{h.title}</a>
              <p className="muted small">{h.summary}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
