/**
 * Finds a catalog model from whatever name a user has at hand: our id, an Ollama tag, the original
 * Hugging Face repo id, a link to it, or a community GGUF repo or file name. Case never matters.
 */
import { allModels, type ModelCatalog } from './model-catalog.js'
import { editDistance } from './edit-distance.js'

/** Any model of the catalog, of any kind. */
export type CatalogModel = ReturnType<typeof allModels>[number]

/** A model name as typed, split into the part that names the model and an optional quant tag. */
export interface ModelRef {
  /** Lowercased, without URL prefix, `:tag` quant suffix or trailing slash. */
  readonly name: string
  /** A quantization named in the reference (`hf.co/x/y-GGUF:Q4_K_M`, `llama3.1:8b-instruct-q4_K_M`), upper-case. */
  readonly quant: string | null
}

// Ollama pulls Hugging Face GGUF repos as `hf.co/owner/repo:QUANT`; people paste browser links too.
const URL_PREFIX = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\//
// Ollama tags end in the quantization (`8b-instruct-q4_K_M`, `7b-fp16`).
const TAG_QUANT = /-(q\d[\w]*|iq\d[\w]*|fp16|f16|bf16)$/
// A GGUF file name ends in its quantization: `Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf`, `x.Q6_K.gguf`.
const FILE_QUANT = /[-.]((?:i?q\d|f|bf)[\w]*)\.gguf$/

/** Splits `input` into the model part and a quantization tag, without knowing the catalog. */
export function parseModelRef(input: string): ModelRef {
  let name = input.trim().toLowerCase()
  let quant: string | null = null
  const isUrl = URL_PREFIX.test(name)
  name = name.replace(URL_PREFIX, '')
  if (isUrl) {
    // Browser links to a file or folder: /blob/main/<file>, /tree/main, /resolve/main/<file>.
    const m = /^([^/]+\/[^/]+)\/(?:blob|tree|resolve)\/[^/]+(?:\/(.*))?$/.exec(name)
    if (m != null) {
      const file = m[2] ?? ''
      quant = FILE_QUANT.exec(file)?.[1]?.toUpperCase() ?? null
      name = m[1] ?? name
    }
  }
  name = name.replace(/\/+$/, '')
  const colon = name.lastIndexOf(':')
  if (colon > 0) {
    const tag = name.slice(colon + 1)
    if (name.includes('/')) {
      // `owner/repo:Q4_K_M` names a file in a GGUF repo.
      quant = tag.toUpperCase()
      name = name.slice(0, colon)
    } else if (tag === 'latest') {
      name = name.slice(0, colon)
    } else {
      const q = TAG_QUANT.exec(tag)
      if (q != null) {
        quant = (q[1] ?? '').toUpperCase()
        name = `${name.slice(0, colon)}:${tag.slice(0, q.index)}`
      }
    }
  } else if (name.endsWith('.gguf')) {
    quant = FILE_QUANT.exec(name)?.[1]?.toUpperCase() ?? null
  }
  if (quant === 'FP16') quant = 'F16'
  return { name, quant }
}

/**
 * The catalog model `input` names, or null. Tried in order, first hit wins:
 * 1. catalog id, then alias (Ollama tags, with `:latest` and a quant suffix removed),
 * 2. the original Hugging Face repo id (`meta-llama/Meta-Llama-3-8B-Instruct`, with or without
 *    `hf.co/` or `https://huggingface.co/`),
 * 3. a GGUF repo or file the catalog lists for exactly one model,
 * 4. a repo or bare name that, without its owner, `-GGUF` suffix and `Meta-` prefix, equals one
 *    model's original repo name: GGUF uploaders keep the original name, and Meta renamed
 *    `Meta-Llama-3.1-*` to `Llama-3.1-*` after release, so both spellings circulate.
 */
export function findModel(catalog: ModelCatalog, input: string): CatalogModel | null {
  const { name } = parseModelRef(input)
  if (name === '') return null
  const models = allModels(catalog)
  const lower = (s: string) => s.toLowerCase()
  const variants = tagVariants(name)
  for (const v of variants) {
    const hit =
      models.find((m) => lower(m.id) === v) ??
      models.find((m) => m.aliases.some((a) => lower(a) === v))
    if (hit != null) return hit
  }
  const byRepo = models.find((m) => lower(m.hfRepo) === name)
  if (byRepo != null) return byRepo
  const byFile = unique(
    models.filter((m) =>
      filesOf(m).some(
        (f) =>
          (f.repo != null && lower(f.repo) === name) || (f.file != null && lower(f.file) === name),
      ),
    ),
  )
  if (byFile != null) return byFile
  const key = repoNameKey(name)
  return unique(models.filter((m) => repoNameKey(lower(m.hfRepo)) === key))
}

/** Up to `n` catalog ids closest to `input`, best first, for "did you mean" messages. */
export function suggestModels(catalog: ModelCatalog, input: string, n = 5): string[] {
  const wanted = compact(repoNameKey(parseModelRef(input).name))
  if (wanted === '') return []
  const scored: { id: string; score: number }[] = []
  for (const m of allModels(catalog)) {
    const names = [m.id, m.name, repoNameKey(m.hfRepo.toLowerCase()), ...m.aliases]
    const score = Math.max(...names.map((t) => similarity(wanted, compact(t.toLowerCase()))))
    if (score >= 0.45) scored.push({ id: m.id, score })
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
  return scored.slice(0, n).map((s) => s.id)
}

/** `llama3.1:8b-instruct` also tried as `llama3.1:8b`: Ollama's default tags are the instruct ones. */
function tagVariants(name: string): string[] {
  const out = [name]
  const stripped = name.replace(/-(instruct|it|chat)$/, '')
  if (name.includes(':') && stripped !== name) out.push(stripped)
  return out
}

function filesOf(m: CatalogModel): readonly { repo: string | null; file: string | null }[] {
  return m.files
}

function unique<T>(xs: readonly T[]): T | null {
  return xs.length === 1 ? (xs[0] ?? null) : null
}

/** `bartowski/Meta-Llama-3.1-8B-Instruct-GGUF` → `llama-3.1-8b-instruct`. */
function repoNameKey(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  return base.replace(/[-_.]gguf$/, '').replace(/^meta-/, '')
}

/** Separators differ between naming schemes (`qwen2.5:7b` vs `qwen2.5-7b`); compare without them. */
function compact(s: string): string {
  return s.replace(/[\s:_/-]+/g, '')
}

function similarity(a: string, b: string): number {
  if (a === '' || b === '') return 0
  const base = 1 - editDistance(a, b) / Math.max(a.length, b.length)
  // A typed prefix or fragment ("qwen2.5-7" for "qwen2.5-7b-instruct") is a strong hint.
  const contains = b.includes(a) || a.includes(b)
  return Math.min(1, base + (contains ? 0.3 : 0))
}
