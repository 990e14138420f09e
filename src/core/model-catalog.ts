/**
 * The model catalog: LLMs, image, speech and embedding models plus GGUF quantization types, as
 * read from catalog/*.json. Every fact group names its source; a value nobody could source is
 * null rather than guessed. Pure: no IO, the adapter hands the parsed JSON in.
 *
 * The types live in model-catalog-types.ts and model-catalog-aux-types.ts, the readers in
 * model-catalog-{json,facts,llm,image,speech-embedding,quant}.ts; this file ties them together
 * and re-exports the types so importers keep one module to name.
 */
import type { EmbeddingModel, ImageModel, SpeechModel } from './model-catalog-aux-types.js'
import { readImage } from './model-catalog-image.js'
import { arr, fail, obj } from './model-catalog-json.js'
import { readLlm } from './model-catalog-llm.js'
import { checkQuantNamesUnique, readQuant } from './model-catalog-quant.js'
import { readEmbedding, readSpeech } from './model-catalog-speech-embedding.js'
import type {
  FileSize,
  LlmModel,
  ModelCatalog,
  ModelKind,
  RawModelCatalog,
} from './model-catalog-types.js'

export type {
  BpwMeasurement,
  EffectiveBpw,
  FileSize,
  GgufFile,
  LicenseFact,
  LlmArch,
  LlmArchitecture,
  LlmModel,
  ModelBase,
  ModelCatalog,
  ModelKind,
  MoeSpec,
  ParamsFact,
  ParamsMethod,
  QuantizationType,
  RawModelCatalog,
  SlidingWindowLayout,
} from './model-catalog-types.js'
export type {
  EmbeddingModel,
  ImageComponent,
  ImageDefaults,
  ImageFile,
  ImageModel,
  ImageRole,
  ImageSpeedReference,
  ImageVariant,
  SpeechFile,
  SpeechModel,
} from './model-catalog-aux-types.js'

/** Bytes of a published file, whichever unit it was published in. */
export function fileSizeBytes(f: FileSize): number {
  if (f.sizeBytes != null) return f.sizeBytes
  if (f.sizeGB != null) return f.sizeGB * 1e9
  if (f.sizeGiB != null) return f.sizeGiB * 2 ** 30
  if (f.sizeMiB != null) return f.sizeMiB * 2 ** 20
  return Number.NaN
}

/** Every model of every kind, in file order. */
export function allModels(
  c: ModelCatalog,
): readonly (LlmModel | ImageModel | SpeechModel | EmbeddingModel)[] {
  return [...c.llm, ...c.image, ...c.speech, ...c.embedding]
}

/**
 * Check the parsed catalog files and return them typed. Throws InputFileError naming the JSON path
 * of the first bad field, e.g. `llm.models[3].architecture.kvHeads`.
 */
export function validateModelCatalog(json: RawModelCatalog): ModelCatalog {
  const root = obj(json, 'catalog')
  const quantizations = arr(
    obj(root.quantizations, 'quantizations').types,
    'quantizations.types',
    readQuant,
  )
  checkQuantNamesUnique(quantizations, 'quantizations.types')
  const quantNames = new Set(quantizations.map((q) => q.name))
  const models = (key: ModelKind): unknown[] => {
    const file = obj(root[key], key)
    if (file.schemaVersion !== 1) fail(`${key}.schemaVersion`, 'expected 1')
    return arr(file.models, `${key}.models`, (v) => v)
  }
  const llm = models('llm').map((v, i) => readLlm(v, `llm.models[${i}]`, quantNames))
  const image = models('image').map((v, i) => readImage(v, `image.models[${i}]`, quantNames))
  const speech = models('speech').map((v, i) => readSpeech(v, `speech.models[${i}]`))
  const embedding = models('embedding').map((v, i) =>
    readEmbedding(v, `embedding.models[${i}]`, quantNames),
  )
  const catalog: ModelCatalog = { llm, image, speech, embedding, quantizations }
  checkNamesUnique(catalog)
  return catalog
}

function checkNamesUnique(c: ModelCatalog): void {
  const ids = new Map<string, string>()
  const kinds = ['llm', 'image', 'speech', 'embedding'] as const
  for (const kind of kinds)
    c[kind].forEach((m, i) => {
      const other = ids.get(m.id)
      if (other != null) fail(`${kind}.models[${i}].id`, `duplicate id "${m.id}" (also ${other})`)
      ids.set(m.id, `${kind}.models[${i}]`)
    })
  // An alias may not name another model, or the same name would resolve two ways.
  const aliases = new Map<string, string>()
  for (const kind of kinds)
    c[kind].forEach((m, i) =>
      m.aliases.forEach((a, j) => {
        const path = `${kind}.models[${i}].aliases[${j}]`
        const owner = aliases.get(a) ?? (ids.has(a) && a !== m.id ? ids.get(a) : undefined)
        if (owner != null) fail(path, `alias "${a}" is already used by ${owner}`)
        aliases.set(a, `${kind}.models[${i}]`)
      }),
    )
}
