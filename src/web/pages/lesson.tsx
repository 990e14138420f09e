/**
 * One lesson (`homelab-ai learn LESSON --json`): the text with live sentences about the reader's
 * lab, the hands-on step, the quiz with instant feedback (the score is saved once every question
 * is answered) and the numbered sources.
 */
import { useMemo, useState } from 'react'
import { callApi } from '../api.js'
import type { LessonResultResponse, LessonView } from '../../server/api-types.js'
import type { Question } from '../../core/curriculum.js'
import { numberSources } from '../../core/lesson-links.js'
import { useLoad } from '../use-load.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import {
  InlineMarkdown,
  Markdown,
  sourceElementId,
  type MarkdownContext,
} from '../components/markdown.js'
import { lessonHref, pageHref } from '../router.js'

/** The lesson view for one id. */
export function LessonPage({ lessonId }: { lessonId: string }) {
  const lesson = useLoad(`lesson-${lessonId}`, (signal) =>
    callApi('GET /api/learn/:lessonId', { signal, params: { lessonId } }),
  )
  return (
    <>
      <p className="crumbs">
        <a href={pageHref('learn')}>Learn</a>
        {lesson.data != null && ` / ${lesson.data.path.title}`}
      </p>
      <LoadState state={lesson} what="the lesson">
        {(l) => <LessonBody lesson={l} />}
      </LoadState>
    </>
  )
}

function LessonBody({ lesson }: { lesson: LessonView }) {
  const sources = useMemo(() => numberSources(lesson.body, lesson.sources), [lesson])
  const ctx: MarkdownContext = useMemo(() => {
    const sentences = new Map(lesson.lab.map((l) => [l.check as string, l.sentence]))
    return {
      labSentence: (check) => sentences.get(check) ?? null,
      sourceNumber: (id) => sources.numberOf.get(id),
    }
  }, [lesson, sources])
  // A lesson-wide lab check that the body does not place itself goes above the text.
  const inBody = new Set(
    lesson.body.match(/\{\{lab:([^}]*)\}\}/g)?.map((m) => m.slice(6, -2).trim()) ?? [],
  )
  const topLab = lesson.lab.filter((l) => !inBody.has(l.check))
  return (
    <article aria-labelledby="lesson-title" className="lesson">
      <h1 id="lesson-title">{lesson.title}</h1>
      <p className="muted">
        {lesson.minutes} min read
        {lesson.tags.length > 0 && ' · '}
        {lesson.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {lesson.done && <span className="badge badge-pass">Done</span>}
      </p>
      <p className="lead">{lesson.summary}</p>
      {lesson.prerequisites.length > 0 && (
        <p>
          Read first:{' '}
          {lesson.prerequisites.map((p, i) => (
            <span key={p.id}>
              {i > 0 && ', '}
              <a href={lessonHref(p.id)}>{p.title}</a>
              {p.done && ' ✓'}
            </span>
          ))}
        </p>
      )}
      {topLab.map((l) => (
        <aside key={l.check} className="lab-note" aria-label="Your lab">
          <strong>Your lab: </strong>
          <InlineMarkdown text={l.sentence} />
        </aside>
      ))}
      <div className="prose">
        <Markdown text={lesson.body} ctx={ctx} />
      </div>
      {lesson.handsOn != null && (
        <section className="card" aria-labelledby="handson-title">
          <h2 id="handson-title">Try it on your lab</h2>
          <pre tabIndex={0}>
            <code>{lesson.handsOn.command}</code>
          </pre>
          <p>
            <InlineMarkdown text={lesson.handsOn.explain} />
          </p>
          <p className={lesson.handsOn.prerequisite.ok ? 'ok' : 'fix'}>
            <InlineMarkdown text={lesson.handsOn.prerequisite.message} />
          </p>
        </section>
      )}
      {lesson.questions.length > 0 && <Quiz lesson={lesson} />}
      {sources.ordered.length > 0 && (
        <section aria-labelledby="sources-title">
          <h2 id="sources-title">Sources</h2>
          <ol className="sources">
            {sources.ordered.map((s, i) => (
              <li key={s.id} id={sourceElementId(i + 1)} tabIndex={-1}>
                <a href={s.url} target="_blank" rel="noopener noreferrer">
                  {s.title}
                </a>
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  )
}

type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly response: LessonResultResponse }
  | { readonly kind: 'error'; readonly message: string }

function Quiz({ lesson }: { lesson: LessonView }) {
  const [answers, setAnswers] = useState<readonly (number | null)[]>(() =>
    lesson.questions.map(() => null),
  )
  const [save, setSave] = useState<SaveState>({ kind: 'idle' })
  const total = lesson.questions.length
  const answered = answers.filter((a) => a != null).length
  const correct = answers.filter((a, i) => a != null && a === lesson.questions[i]?.answer).length

  const submit = (score: number) => {
    setSave({ kind: 'saving' })
    callApi('POST /api/learn/:lessonId/result', {
      params: { lessonId: lesson.id },
      body: { correct: score, total },
    }).then(
      (response) => setSave({ kind: 'saved', response }),
      (err: unknown) =>
        setSave({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }

  const choose = (qi: number, choice: number) => {
    if (answers[qi] != null) return
    const next = answers.map((a, i) => (i === qi ? choice : a))
    setAnswers(next)
    if (next.every((a) => a != null)) {
      const score = next.filter((a, i) => a === lesson.questions[i]?.answer).length
      submit(score)
    }
  }

  return (
    <section className="card quiz" aria-labelledby="quiz-title">
      <h2 id="quiz-title">Check yourself</h2>
      <p className="muted small">
        {answered} of {total} answered. Your score is saved when every question is answered.
      </p>
      {lesson.questions.map((q, qi) => (
        <QuestionView
          key={qi}
          q={q}
          index={qi}
          chosen={answers[qi] ?? null}
          onChoose={(c) => choose(qi, c)}
        />
      ))}
      <div role="status" aria-live="polite" className="quiz-result">
        {save.kind === 'saving' && <p>Saving your score…</p>}
        {save.kind === 'saved' && (
          <p>
            You got {correct} of {total} right; lesson marked done.{' '}
            {save.response.next.lessonId != null ? (
              <>
                Next:{' '}
                <a href={lessonHref(save.response.next.lessonId)}>
                  {save.response.next.title ?? save.response.next.lessonId}
                </a>
              </>
            ) : (
              save.response.next.reason
            )}
          </p>
        )}
      </div>
      {save.kind === 'error' && (
        <ErrorLine message={`Score not saved: ${save.message}`} retry={() => submit(correct)} />
      )}
    </section>
  )
}

function QuestionView({
  q,
  index,
  chosen,
  onChoose,
}: {
  q: Question
  index: number
  chosen: number | null
  onChoose: (choice: number) => void
}) {
  const name = `q${index}`
  const right = chosen != null && chosen === q.answer
  return (
    <fieldset className="question" data-question={index}>
      <legend>
        <span className="muted">{index + 1}. </span>
        <InlineMarkdown text={q.prompt} />
      </legend>
      {q.choices.map((choice, ci) => {
        const id = `${name}c${ci}`
        const mark =
          chosen == null
            ? ''
            : ci === q.answer
              ? 'choice-right'
              : ci === chosen
                ? 'choice-wrong'
                : ''
        return (
          <div key={ci} className={`choice ${mark}`}>
            <input
              type="radio"
              id={id}
              name={name}
              checked={chosen === ci}
              disabled={chosen != null && chosen !== ci}
              readOnly={chosen != null}
              onChange={() => onChoose(ci)}
            />
            <label htmlFor={id}>
              <InlineMarkdown text={choice} />
            </label>
          </div>
        )
      })}
      <div aria-live="polite">
        {chosen != null && (
          <p className={right ? 'feedback ok' : 'feedback fix'}>
            <strong>
              {right ? 'Right. ' : `Not quite: the answer is “${q.choices[q.answer] ?? ''}”. `}
            </strong>
            <InlineMarkdown text={q.explanation} />
          </p>
        )}
      </div>
    </fieldset>
  )
}
