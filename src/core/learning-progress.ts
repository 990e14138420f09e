/** One finished lesson quiz, as the store keeps it (one row per attempt). */
export interface LessonResult {
  readonly lessonId: string
  /** ISO-8601 time the quiz was finished (given by the shell; the core never reads a clock). */
  readonly completedAt: string
  readonly correct: number
  readonly total: number
}
