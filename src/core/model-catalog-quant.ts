/**
 * Reads catalog/quantizations.json: each GGUF type's ggml block and, where real files were
 * measured, its whole-file bits per weight with every measurement's file and source.
 */
import { arr, fail, int, nullable, num, obj, oneOf, optStr, str } from './model-catalog-json.js'
import { readSize, requiredSource } from './model-catalog-facts.js'
import type { QuantizationType } from './model-catalog-types.js'

/** One quantization type; the stated block bpw must follow from the block definition. */
export function readQuant(v: unknown, path: string): QuantizationType {
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

/** Fails on the first quantization name that appears twice. */
export function checkQuantNamesUnique(types: readonly QuantizationType[], path: string): void {
  const seen = new Set<string>()
  types.forEach((t, i) => {
    if (seen.has(t.name)) fail(`${path}[${i}].name`, `duplicate quantization "${t.name}"`)
    seen.add(t.name)
  })
}
