/** The verdict of an image, speech or embedding model: the LLM words, plus Unknown when unsized. */
import type { AuxFitResult } from '../../core/fit-aux-types.js'
import { LevelBadge } from './badge.js'

/** A non-LLM model's verdict; `unknown` means the catalog lacks a fact to decide. */
export function AuxLevelBadge({ level }: { level: AuxFitResult['level'] }) {
  if (level === 'unknown')
    return (
      <span className="badge badge-skip" data-level="unknown">
        Unknown
      </span>
    )
  return <LevelBadge level={level} />
}
