/** Reads one Whisper entry (layers and ggml/GGUF files) and one embedding entry. */
import { arr, int, nullable, obj, oneOf, optStr, str } from './model-catalog-json.js'
import {
  hfRepo,
  known,
  readBase,
  readParams,
  readSize,
  requiredSource,
  source,
} from './model-catalog-facts.js'
import { readGguf } from './model-catalog-llm.js'
import type { EmbeddingModel, SpeechModel } from './model-catalog-aux-types.js'

/** A speech-recognition entry. */
export function readSpeech(v: unknown, path: string): SpeechModel {
  const o = obj(v, path)
  const a = obj(o.architecture, `${path}.architecture`)
  const layers = (key: string) =>
    nullable(a[key], `${path}.architecture.${key}`, (x, p) => int(x, p, 1, 1000))
  const encoderLayers = layers('encoderLayers')
  const decoderLayers = layers('decoderLayers')
  return {
    ...readBase(o, path, 'speech'),
    kind: 'speech',
    params: readParams(o.params, `${path}.params`),
    architecture: {
      encoderLayers,
      decoderLayers,
      source: source(a, `${path}.architecture`, known(encoderLayers, decoderLayers)),
      note: optStr(a.note, `${path}.architecture.note`),
    },
    files: arr(o.files, `${path}.files`, (x, p) => {
      const f = obj(x, p)
      return {
        format: oneOf(f.format, `${p}.format`, ['ggml', 'gguf', 'safetensors'] as const),
        quant: str(f.quant, `${p}.quant`),
        ...readSize(f, p),
        repo: hfRepo(f.repo, `${p}.repo`),
        file: str(f.file, `${p}.file`),
        source: requiredSource(f, p),
      }
    }),
  }
}

/** A text-embedding entry; its GGUF files use quantizations.json's types. */
export function readEmbedding(
  v: unknown,
  path: string,
  quants: ReadonlySet<string>,
): EmbeddingModel {
  const o = obj(v, path)
  const e = obj(o.embedding, `${path}.embedding`)
  const dimensions = nullable(e.dimensions, `${path}.embedding.dimensions`, (x, p) =>
    int(x, p, 1, 65536),
  )
  const maxTokens = nullable(e.maxTokens, `${path}.embedding.maxTokens`, (x, p) =>
    int(x, p, 1, 10_000_000),
  )
  return {
    ...readBase(o, path, 'embedding'),
    kind: 'embedding',
    params: readParams(o.params, `${path}.params`),
    embedding: {
      dimensions,
      maxTokens,
      source: source(e, `${path}.embedding`, known(dimensions, maxTokens)),
      note: optStr(e.note, `${path}.embedding.note`),
    },
    files: arr(o.files, `${path}.files`, (x, p) => readGguf(x, p, quants)),
  }
}
