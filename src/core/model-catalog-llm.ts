/**
 * Reads one LLM entry: the transformer shape, the sliding-window layout, the MoE routing and the
 * published GGUF files, with the cross-checks that keep a typo from slipping in.
 */
import { arr, bool, fail, int, nullable, obj, oneOf, optStr, str } from './model-catalog-json.js'
import {
  hfRepo,
  known,
  readBase,
  readParams,
  readSize,
  requiredSource,
  source,
} from './model-catalog-facts.js'
import type {
  GgufFile,
  LlmArch,
  LlmArchitecture,
  LlmModel,
  MoeSpec,
  SlidingWindowLayout,
} from './model-catalog-types.js'

/** Every architecture family the catalog may name (LlmArch's members). */
export const LLM_ARCHES: readonly LlmArch[] = [
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
const PATTERN_RE = /^(\d+):(\d+) local:global$/

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

/** A published GGUF file whose quantization is one of quantizations.json's. */
export function readGguf(v: unknown, path: string, quants: ReadonlySet<string>): GgufFile {
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

/** One LLM entry; an MoE arch needs a moe block and a dense one may not have it. */
export function readLlm(v: unknown, path: string, quants: ReadonlySet<string>): LlmModel {
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
