/**
 * The model catalog: LLMs, image, speech and embedding models plus GGUF quantization types, as
 * read from catalog/*.json. Every fact group names its source; a value nobody could source is
 * null rather than guessed. Pure: no IO, the adapter hands the parsed JSON in.
 */
import { InputFileError } from './errors.js'

/** Model families' attention/FFN layout, as the fit engine needs to tell them apart. */
export type LlmArch =
  | 'llama'
  | 'mistral'
  | 'mixtral'
  | 'qwen2'
  | 'qwen3'
  | 'qwen3moe'
  | 'gemma2'
  | 'gemma3'
  | 'phi3'
  | 'gpt-oss'

/** Kinds of model the catalog holds. */
export type ModelKind = 'llm' | 'image' | 'speech' | 'embedding'

/** How a parameter count was obtained. */
export type ParamsMethod = 'config-arithmetic' | 'model-card'

/** Parameter counts in billions; `activeB` equals `totalB` for dense models. */
export interface ParamsFact {
  readonly totalB: number | null
  readonly activeB: number | null
  readonly method: ParamsMethod
  readonly source: string | null
  readonly note?: string
}

/** Transformer shape from the model's config.json. */
export interface LlmArchitecture {
  readonly arch: LlmArch
  readonly layers: number | null
  readonly hiddenSize: number | null
  readonly ffnSize: number | null
  readonly attentionHeads: number | null
  readonly kvHeads: number | null
  readonly headDim: number | null
  readonly vocabSize: number | null
  readonly maxContext: number | null
  readonly tiedEmbeddings: boolean | null
  readonly source: string | null
  readonly note?: string
}

/** Local (sliding-window) vs global attention layers; `pattern` is "a:b local:global" or "all local". */
export interface SlidingWindowLayout {
  readonly window: number
  readonly pattern: string
  readonly localLayers: number
  readonly globalLayers: number
  readonly source: string
  readonly note?: string
}

/** Mixture-of-experts routing: experts per MoE layer and how many each token uses. */
export interface MoeSpec {
  readonly expertsTotal: number
  readonly expertsActive: number
  readonly expertFfnSize: number
  readonly sharedExperts: number
  readonly source: string
  readonly note?: string
}

/** Licence (SPDX id or named licence such as "llama3.1", "gemma") and release date (YYYY[-MM[-DD]]). */
export interface LicenseFact {
  readonly id: string | null
  readonly releaseDate: string | null
  readonly source: string | null
}

/** A file size as published: exactly one of the size fields is set (decimal GB as HF displays it). */
export interface FileSize {
  readonly sizeBytes?: number | null
  readonly sizeGB?: number | null
  readonly sizeMiB?: number | null
  readonly sizeGiB?: number | null
}

/** One published GGUF file of an LLM. */
export interface GgufFile extends FileSize {
  readonly quant: string
  readonly repo: string
  readonly file: string
  readonly source: string
  readonly note?: string
}

/** Fields every catalog model has. */
export interface ModelBase {
  readonly id: string
  readonly name: string
  readonly family: string
  readonly hfRepo: string
  readonly aliases: readonly string[]
  readonly license: LicenseFact
}

/** A text-generation model. */
export interface LlmModel extends ModelBase {
  readonly kind: 'llm'
  readonly params: ParamsFact
  readonly architecture: LlmArchitecture
  readonly slidingWindow: SlidingWindowLayout | null
  readonly moe: MoeSpec | null
  readonly files: readonly GgufFile[]
}

/** One network of an image pipeline (diffusion model, text encoder, VAE). */
export interface ImageComponent {
  readonly role: 'diffusion' | 'text-encoder' | 'vae'
  readonly name: string
  readonly paramsB: number | null
  readonly source: string | null
  readonly note?: string
}

/** A published image-model file (one component, one precision). */
export interface ImageFile extends FileSize {
  readonly component: ImageComponent['role']
  readonly variant: 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'gguf'
  readonly quant: string | null
  readonly repo: string | null
  readonly file: string | null
  readonly source: string
  readonly note?: string
}

/** Default output size and sampling steps. */
export interface ImageDefaults {
  readonly width: number | null
  readonly height: number | null
  readonly steps: number | null
  readonly source: string | null
  readonly note?: string
}

/** A text-to-image model. */
export interface ImageModel extends ModelBase {
  readonly kind: 'image'
  readonly components: readonly ImageComponent[]
  readonly defaults: ImageDefaults
  readonly files: readonly ImageFile[]
}

/** A published speech-model file (e.g. whisper.cpp ggml). */
export interface SpeechFile extends FileSize {
  readonly format: 'ggml' | 'gguf' | 'safetensors'
  readonly quant: string
  readonly repo: string
  readonly file: string
  readonly source: string
}

/** A speech-recognition model. */
export interface SpeechModel extends ModelBase {
  readonly kind: 'speech'
  readonly params: ParamsFact
  readonly architecture: {
    readonly encoderLayers: number | null
    readonly decoderLayers: number | null
    readonly source: string | null
  }
  readonly files: readonly SpeechFile[]
}

/** A text-embedding model. */
export interface EmbeddingModel extends ModelBase {
  readonly kind: 'embedding'
  readonly params: ParamsFact
  readonly embedding: {
    readonly dimensions: number | null
    readonly maxTokens: number | null
    readonly source: string | null
    readonly note?: string
  }
  readonly files: readonly GgufFile[]
}

/** One measured whole-file bits per weight. */
export interface BpwMeasurement extends FileSize {
  readonly model: string
  readonly paramsB: number
  readonly bpw: number
  readonly file: string
  readonly source: string
}

/** Whole-file bits per weight of a recipe, from real file sizes. */
export interface EffectiveBpw {
  readonly medianBpw: number
  readonly minBpw: number
  readonly maxBpw: number
  readonly method: string
  readonly measurements: readonly BpwMeasurement[]
}

/** A GGUF quantization type: the ggml block it is built from and what real files weigh. */
export interface QuantizationType {
  readonly name: string
  readonly kind: 'float' | 'block' | 'mix'
  readonly blockType: string
  readonly blockElements: number
  readonly blockBytes: number
  readonly blockBpw: number
  readonly nominalBpw: number | null
  readonly source: string
  readonly note?: string
  readonly effective: EffectiveBpw | null
}

/** The whole validated catalog. */
export interface ModelCatalog {
  readonly llm: readonly LlmModel[]
  readonly image: readonly ImageModel[]
  readonly speech: readonly SpeechModel[]
  readonly embedding: readonly EmbeddingModel[]
  readonly quantizations: readonly QuantizationType[]
}

/** Raw parsed JSON of the five catalog files, keyed like `ModelCatalog`. */
export interface RawModelCatalog {
  readonly llm: unknown
  readonly image: unknown
  readonly speech: unknown
  readonly embedding: unknown
  readonly quantizations: unknown
}

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

const LLM_ARCHES: readonly LlmArch[] = [
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'qwen3moe',
  'gemma2',
  'gemma3',
  'phi3',
  'gpt-oss',
]
const MOE_ARCHES: ReadonlySet<LlmArch> = new Set(['mixtral', 'qwen3moe', 'gpt-oss'])
const ID_RE = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/
const DATE_RE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/
const URL_RE = /^https?:\/\/\S+$/
const PATTERN_RE = /^(\d+):(\d+) local:global$/

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
  uniqueNames(quantizations, 'quantizations.types')
  const quantNames = new Set(quantizations.map((q) => q.name))
  const models = (key: ModelKind): unknown[] => {
    const file = obj(root[key], key)
    if (file.schemaVersion !== 1) fail(`${key}.schemaVersion`, 'expected 1')
    return arr(file.models, `${key}.models`, (v) => v)
  }
  const llm = models('llm').map((v, i) => readLlm(v, `llm.models[${i}]`, quantNames))
  const image = models('image').map((v, i) => readImage(v, `image.models[${i}]`))
  const speech = models('speech').map((v, i) => readSpeech(v, `speech.models[${i}]`))
  const embedding = models('embedding').map((v, i) =>
    readEmbedding(v, `embedding.models[${i}]`, quantNames),
  )
  const catalog: ModelCatalog = { llm, image, speech, embedding, quantizations }
  checkNamesUnique(catalog)
  return catalog
}

/** A URL when any value of the group is known; null is allowed only for an all-null group. */
function source(o: Obj, path: string, hasFacts: boolean): string | null {
  const s = nullable(o.source, `${path}.source`, str)
  if (s == null) {
    if (hasFacts) fail(`${path}.source`, 'a fact group with values needs a source URL')
    return null
  }
  if (!URL_RE.test(s)) fail(`${path}.source`, `expected an http(s) URL, got "${s}"`)
  return s
}

function requiredSource(o: Obj, path: string): string {
  return source(o, path, true) ?? fail(`${path}.source`, 'missing')
}

function known(...values: unknown[]): boolean {
  return values.some((v) => v != null)
}

function readBase(o: Obj, path: string, kind: ModelKind) {
  if (o.kind !== kind) fail(`${path}.kind`, `expected "${kind}"`)
  const id = str(o.id, `${path}.id`)
  if (!ID_RE.test(id)) fail(`${path}.id`, `"${id}" is not kebab-case`)
  const lic = obj(o.license, `${path}.license`)
  const licId = nullable(lic.id, `${path}.license.id`, str)
  const releaseDate = nullable(lic.releaseDate, `${path}.license.releaseDate`, str)
  if (releaseDate != null && !DATE_RE.test(releaseDate))
    fail(`${path}.license.releaseDate`, `"${releaseDate}" is not YYYY[-MM[-DD]]`)
  return {
    id,
    name: str(o.name, `${path}.name`),
    family: str(o.family, `${path}.family`),
    hfRepo: hfRepo(o.hfRepo, `${path}.hfRepo`),
    aliases: arr(o.aliases, `${path}.aliases`, str),
    license: {
      id: licId,
      releaseDate,
      source: source(lic, `${path}.license`, known(licId, releaseDate)),
    },
  }
}

function hfRepo(v: unknown, path: string): string {
  const s = str(v, path)
  if (!/^[\w.-]+\/[\w.-]+$/.test(s)) fail(path, `"${s}" is not an owner/name repo id`)
  return s
}

function readParams(v: unknown, path: string): ParamsFact {
  const o = obj(v, path)
  const totalB = nullable(o.totalB, `${path}.totalB`, (x, p) => num(x, p, 0.001, 5000))
  const activeB = nullable(o.activeB, `${path}.activeB`, (x, p) => num(x, p, 0.001, 5000))
  if (totalB != null && activeB != null && activeB > totalB)
    fail(`${path}.activeB`, `active ${activeB}B exceeds total ${totalB}B`)
  return {
    totalB,
    activeB,
    method: oneOf(o.method, `${path}.method`, ['config-arithmetic', 'model-card'] as const),
    source: source(o, path, known(totalB, activeB)),
    note: optStr(o.note, `${path}.note`),
  }
}

function readArch(v: unknown, path: string): LlmArchitecture {
  const o = obj(v, path)
  const n = (key: string, max: number) =>
    nullable(o[key], `${path}.${key}`, (x, p) => int(x, p, 1, max))
  const a = {
    arch: oneOf(o.arch, `${path}.arch`, LLM_ARCHES),
    layers: n('layers', 1000),
    hiddenSize: n('hiddenSize', 100_000),
    ffnSize: n('ffnSize', 200_000),
    attentionHeads: n('attentionHeads', 1024),
    kvHeads: n('kvHeads', 1024),
    headDim: n('headDim', 1024),
    vocabSize: n('vocabSize', 1_000_000),
    maxContext: n('maxContext', 10_000_000),
    tiedEmbeddings: nullable(o.tiedEmbeddings, `${path}.tiedEmbeddings`, bool),
  }
  if (a.attentionHeads != null && a.kvHeads != null) {
    // Grouped-query attention shares each KV head by a whole number of query heads.
    if (a.kvHeads > a.attentionHeads || a.attentionHeads % a.kvHeads !== 0)
      fail(`${path}.kvHeads`, `${a.kvHeads} KV heads do not divide ${a.attentionHeads} heads`)
  }
  const { arch, ...facts } = a
  return {
    arch,
    ...facts,
    source: source(o, path, known(...Object.values(facts))),
    note: optStr(o.note, `${path}.note`),
  }
}

function readSliding(v: unknown, path: string, layers: number | null): SlidingWindowLayout {
  const o = obj(v, path)
  const s: SlidingWindowLayout = {
    window: int(o.window, `${path}.window`, 1, 10_000_000),
    pattern: str(o.pattern, `${path}.pattern`),
    localLayers: int(o.localLayers, `${path}.localLayers`, 0, 1000),
    globalLayers: int(o.globalLayers, `${path}.globalLayers`, 0, 1000),
    source: requiredSource(o, path),
    note: optStr(o.note, `${path}.note`),
  }
  const total = s.localLayers + s.globalLayers
  if (layers != null && total !== layers)
    fail(
      `${path}.localLayers`,
      `local ${s.localLayers} + global ${s.globalLayers} != ${layers} layers`,
    )
  if (s.pattern === 'all local') {
    if (s.globalLayers !== 0)
      fail(`${path}.globalLayers`, 'pattern "all local" has no global layers')
    return s
  }
  const m = PATTERN_RE.exec(s.pattern)
  if (m == null) fail(`${path}.pattern`, `"${s.pattern}" is not "a:b local:global" or "all local"`)
  const local = Number(m[1])
  const global = Number(m[2])
  if (local < 1 || global < 1) fail(`${path}.pattern`, 'both sides of the ratio must be >= 1')
  // Layers repeat as `local` sliding layers then `global` full layers, starting with local.
  const period = local + global
  const expectGlobal = Math.floor(total / period) * global + Math.max(0, (total % period) - local)
  if (s.globalLayers !== expectGlobal)
    fail(
      `${path}.globalLayers`,
      `pattern ${s.pattern} over ${total} layers gives ${expectGlobal} global`,
    )
  return s
}

function readMoe(v: unknown, path: string): MoeSpec {
  const o = obj(v, path)
  const m: MoeSpec = {
    expertsTotal: int(o.expertsTotal, `${path}.expertsTotal`, 2, 10_000),
    expertsActive: int(o.expertsActive, `${path}.expertsActive`, 1, 10_000),
    expertFfnSize: int(o.expertFfnSize, `${path}.expertFfnSize`, 1, 200_000),
    sharedExperts: int(o.sharedExperts, `${path}.sharedExperts`, 0, 100),
    source: requiredSource(o, path),
    note: optStr(o.note, `${path}.note`),
  }
  if (m.expertsActive > m.expertsTotal)
    fail(`${path}.expertsActive`, `${m.expertsActive} active of ${m.expertsTotal} experts`)
  return m
}

function readSize(o: Obj, path: string): FileSize {
  const keys = ['sizeBytes', 'sizeGB', 'sizeMiB', 'sizeGiB'] as const
  const set = keys.filter((k) => o[k] != null)
  if (set.length !== 1) fail(`${path}.sizeBytes`, `expected exactly one of ${keys.join(', ')}`)
  const size: Record<string, number> = {}
  for (const k of set) size[k] = num(o[k], `${path}.${k}`, 1e-6, 1e15)
  return size
}

function readGguf(v: unknown, path: string, quants: ReadonlySet<string>): GgufFile {
  const o = obj(v, path)
  const quant = str(o.quant, `${path}.quant`)
  if (!quants.has(quant)) fail(`${path}.quant`, `"${quant}" is not in quantizations.json`)
  return {
    quant,
    ...readSize(o, path),
    repo: hfRepo(o.repo, `${path}.repo`),
    file: str(o.file, `${path}.file`),
    source: requiredSource(o, path),
    note: optStr(o.note, `${path}.note`),
  }
}

function readLlm(v: unknown, path: string, quants: ReadonlySet<string>): LlmModel {
  const o = obj(v, path)
  const architecture = readArch(o.architecture, `${path}.architecture`)
  const moe = nullable(o.moe, `${path}.moe`, readMoe)
  if (MOE_ARCHES.has(architecture.arch) !== (moe != null))
    fail(
      `${path}.moe`,
      `arch "${architecture.arch}" ${moe == null ? 'needs' : 'cannot have'} a moe block`,
    )
  return {
    ...readBase(o, path, 'llm'),
    kind: 'llm',
    params: readParams(o.params, `${path}.params`),
    architecture,
    slidingWindow: nullable(o.slidingWindow, `${path}.slidingWindow`, (x, p) =>
      readSliding(x, p, architecture.layers),
    ),
    moe,
    files: arr(o.files, `${path}.files`, (x, p) => readGguf(x, p, quants)),
  }
}

function readImage(v: unknown, path: string): ImageModel {
  const o = obj(v, path)
  const d = obj(o.defaults, `${path}.defaults`)
  const px = (key: string) =>
    nullable(d[key], `${path}.defaults.${key}`, (x, p) => int(x, p, 64, 16384))
  const width = px('width')
  const height = px('height')
  const steps = nullable(d.steps, `${path}.defaults.steps`, (x, p) => int(x, p, 1, 1000))
  return {
    ...readBase(o, path, 'image'),
    kind: 'image',
    components: arr(o.components, `${path}.components`, (x, p) => {
      const c = obj(x, p)
      const paramsB = nullable(c.paramsB, `${p}.paramsB`, (n, q) => num(n, q, 0.0001, 1000))
      return {
        role: oneOf(c.role, `${p}.role`, ['diffusion', 'text-encoder', 'vae'] as const),
        name: str(c.name, `${p}.name`),
        paramsB,
        source: source(c, p, paramsB != null),
        note: optStr(c.note, `${p}.note`),
      }
    }),
    defaults: {
      width,
      height,
      steps,
      source: source(d, `${path}.defaults`, known(width, height, steps)),
      note: optStr(d.note, `${path}.defaults.note`),
    },
    files: arr(o.files, `${path}.files`, (x, p) => {
      const f = obj(x, p)
      return {
        component: oneOf(f.component, `${p}.component`, [
          'diffusion',
          'text-encoder',
          'vae',
        ] as const),
        variant: oneOf(f.variant, `${p}.variant`, ['fp32', 'fp16', 'bf16', 'fp8', 'gguf'] as const),
        quant: nullable(f.quant, `${p}.quant`, str),
        ...readSize(f, p),
        repo: nullable(f.repo, `${p}.repo`, hfRepo),
        file: nullable(f.file, `${p}.file`, str),
        source: requiredSource(f, p),
        note: optStr(f.note, `${p}.note`),
      }
    }),
  }
}

function readSpeech(v: unknown, path: string): SpeechModel {
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

function readEmbedding(v: unknown, path: string, quants: ReadonlySet<string>): EmbeddingModel {
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

function readQuant(v: unknown, path: string): QuantizationType {
  const o = obj(v, path)
  const blockElements = int(o.blockElements, `${path}.blockElements`, 1, 4096)
  const blockBytes = int(o.blockBytes, `${path}.blockBytes`, 1, 65536)
  const blockBpw = num(o.blockBpw, `${path}.blockBpw`, 1, 32)
  // The stated bpw must follow from the block definition, so a typo cannot slip in.
  if (Math.abs(blockBpw - (blockBytes * 8) / blockElements) > 1e-3)
    fail(`${path}.blockBpw`, `${blockBpw} != ${blockBytes} bytes * 8 / ${blockElements}`)
  const eff = nullable(o.effective, `${path}.effective`, (x, p) => {
    const e = obj(x, p)
    const medianBpw = num(e.medianBpw, `${p}.medianBpw`, 1, 40)
    const minBpw = num(e.minBpw, `${p}.minBpw`, 1, 40)
    const maxBpw = num(e.maxBpw, `${p}.maxBpw`, 1, 40)
    if (!(minBpw <= medianBpw && medianBpw <= maxBpw))
      fail(`${p}.medianBpw`, 'not between min and max')
    return {
      medianBpw,
      minBpw,
      maxBpw,
      method: str(e.method, `${p}.method`),
      measurements: arr(e.measurements, `${p}.measurements`, (m, q) => {
        const r = obj(m, q)
        return {
          model: str(r.model, `${q}.model`),
          ...readSize(r, q),
          paramsB: num(r.paramsB, `${q}.paramsB`, 0.001, 5000),
          bpw: num(r.bpw, `${q}.bpw`, 1, 40),
          file: str(r.file, `${q}.file`),
          source: requiredSource(r, q),
        }
      }),
    }
  })
  return {
    name: str(o.name, `${path}.name`),
    kind: oneOf(o.kind, `${path}.kind`, ['float', 'block', 'mix'] as const),
    blockType: str(o.blockType, `${path}.blockType`),
    blockElements,
    blockBytes,
    blockBpw,
    nominalBpw: nullable(o.nominalBpw, `${path}.nominalBpw`, (x, p) => num(x, p, 1, 32)),
    source: requiredSource(o, path),
    note: optStr(o.note, `${path}.note`),
    effective: eff,
  }
}

function uniqueNames(types: readonly QuantizationType[], path: string): void {
  const seen = new Set<string>()
  types.forEach((t, i) => {
    if (seen.has(t.name)) fail(`${path}[${i}].name`, `duplicate quantization "${t.name}"`)
    seen.add(t.name)
  })
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

// ---- small typed readers: each checks one JSON value and names its path on failure ----

type Obj = Record<string, unknown>

function fail(path: string, why: string): never {
  throw new InputFileError(`model catalog: ${path}: ${why}`)
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v)
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v == null || Array.isArray(v))
    fail(path, `expected an object, got ${show(v)}`)
  return v as Obj
}

function arr<T>(v: unknown, path: string, read: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${show(v)}`)
  return v.map((x, i) => read(x, `${path}[${i}]`))
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '')
    fail(path, `expected a non-empty string, got ${show(v)}`)
  return v
}

function optStr(v: unknown, path: string): string | undefined {
  return v == null ? undefined : str(v, path)
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected true or false, got ${show(v)}`)
  return v
}

function num(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    fail(path, `expected a number in [${min}, ${max}], got ${show(v)}`)
  return v
}

function int(v: unknown, path: string, min: number, max: number): number {
  const n = num(v, path, min, max)
  if (!Number.isInteger(n)) fail(path, `expected an integer, got ${n}`)
  return n
}

function nullable<T>(v: unknown, path: string, read: (x: unknown, p: string) => T): T | null {
  return v == null ? null : read(v, path)
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    fail(path, `expected one of ${allowed.join(', ')}, got ${show(v)}`)
  return v as T
}
