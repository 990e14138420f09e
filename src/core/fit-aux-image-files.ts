/**
 * Which published files an image pipeline can run with: each component's files ordered best
 * quality first, and the combinations (a diffusion file, then one file per part it does not
 * bundle) the fit tries in that order.
 */
import type { AuxFile } from './fit-aux-types.js'
import { GIB } from './fit-machine.js'
import {
  fileSizeBytes,
  type ImageComponent,
  type ImageFile,
  type ImageModel,
  type QuantizationType,
} from './model-catalog.js'

/**
 * Bits per weight a file computes with, the quality order of the ladder:
 * - fp16 and bf16 are 16; an fp32 file is run in 16 bits too (no gain, twice the size);
 * - fp8 is 8;
 * - a GGUF type is its ggml block bpw (Q8_0 8.5 ranks above fp8, as it keeps more precision).
 */
export function imageFileBits(f: ImageFile, quants: readonly QuantizationType[]): number {
  switch (f.variant) {
    case 'fp32':
    case 'fp16':
    case 'bf16':
      return 16
    case 'fp8':
      return 8
    case 'gguf':
      return quants.find((q) => q.name === f.quant)?.blockBpw ?? 0
  }
}

/** How people name the format: `bf16`, `fp8`, `Q4_K_S`. */
export function imageFormat(f: ImageFile): string {
  return f.quant ?? f.variant
}

const SIXTEEN_BIT = new Set(['fp16', 'bf16', 'f16', 'fp32'])

/** Whether `asked` (`fp16`, `q8_0`...) names this file's format; the 16-bit floats are one format. */
export function matchesFormat(f: ImageFile, asked: string): boolean {
  const a = asked.toLowerCase()
  if (SIXTEEN_BIT.has(a)) return SIXTEEN_BIT.has(f.variant)
  return imageFormat(f).toLowerCase() === a
}

/**
 * Best quality first, the smaller file first among equals. A file another one beats on both
 * counts while bundling the same parts is dropped (the fp32 VAE beside its bf16 copy), so that
 * stepping down a ladder always saves memory.
 */
function ladder(files: readonly ImageFile[], quants: readonly QuantizationType[]): ImageFile[] {
  const sorted = files
    .map((f, i) => ({
      f,
      i,
      bits: imageFileBits(f, quants),
      bytes: fileSizeBytes(f),
      bundle: [...f.includes].sort().join('+'),
    }))
    .filter((x) => Number.isFinite(x.bytes))
    .sort((a, b) => b.bits - a.bits || a.bytes - b.bytes || a.i - b.i)
  const kept: typeof sorted = []
  for (const x of sorted)
    if (!kept.some((k) => k.bundle === x.bundle && k.bits >= x.bits && k.bytes <= x.bytes))
      kept.push(x)
  return kept.map((x) => x.f)
}

/** The files of one component, best first (a named file belongs to that component only). */
export function componentLadder(
  model: ImageModel,
  c: ImageComponent,
  quants: readonly QuantizationType[],
): ImageFile[] {
  return ladder(
    model.files.filter(
      (f) => f.component === c.role && (f.componentName == null || f.componentName === c.name),
    ),
    quants,
  )
}

/** The diffusion model's files, best first. */
export function diffusionLadder(
  model: ImageModel,
  quants: readonly QuantizationType[],
): ImageFile[] {
  const diffusion = model.components.find((c) => c.role === 'diffusion')
  return diffusion == null ? [] : componentLadder(model, diffusion, quants)
}

/** The formats the diffusion model is published in, best first, each once. */
export function imageFormats(model: ImageModel, quants: readonly QuantizationType[]): string[] {
  return [...new Set(diffusionLadder(model, quants).map(imageFormat))]
}

/** One way to run the pipeline: a file for the diffusion model and one per part it leaves out. */
export interface ImageFileSet {
  readonly diffusion: ImageFile
  /** Components packed into the diffusion file. */
  readonly bundled: readonly ImageComponent[]
  readonly parts: readonly { readonly component: ImageComponent; readonly file: ImageFile }[]
}

/** What a file set asks of memory: text encoders may stay in RAM, the rest goes with the compute. */
export function fileSetBytes(s: ImageFileSet): { core: number; offloadable: number } {
  let core = fileSizeBytes(s.diffusion)
  let offloadable = 0
  for (const p of s.parts)
    if (p.component.role === 'text-encoder') offloadable += fileSizeBytes(p.file)
    else core += fileSizeBytes(p.file)
  return { core, offloadable }
}

/**
 * Every file set to try, in the order the fit prefers them: the diffusion model's formats best
 * first; for each, the other parts at their best file, then each one step down their own ladder
 * (tier by tier) so that a big text encoder can shrink before the diffusion model does.
 * `missing` names the parts no file can be found for, per diffusion file that leaves them out.
 */
export function imageFileSets(
  model: ImageModel,
  diffusionFiles: readonly ImageFile[],
  quants: readonly QuantizationType[],
): { sets: ImageFileSet[]; missing: string[] } {
  const sets: ImageFileSet[] = []
  const missing = new Set<string>()
  for (const d of diffusionFiles) {
    const bundled = model.components.filter((c) => d.includes.includes(c.role))
    const others = model.components.filter((c) => c.role !== 'diffusion' && !bundled.includes(c))
    const ladders = others.map((c) => ({ c, files: componentLadder(model, c, quants) }))
    const lacking = ladders.filter((l) => l.files.length === 0)
    if (lacking.length > 0) {
      for (const l of lacking) missing.add(`${l.c.role} ${l.c.name}`)
      continue
    }
    const tiers = Math.max(1, ...ladders.map((l) => l.files.length))
    for (let t = 0; t < tiers; t++)
      sets.push({
        diffusion: d,
        bundled,
        parts: ladders.map((l) => ({
          component: l.c,
          file: l.files[Math.min(t, l.files.length - 1)] as ImageFile,
        })),
      })
  }
  return { sets, missing: [...missing] }
}

/** The files of a set as the answer lists them. */
export function auxFilesOf(s: ImageFileSet, diffusionName: string): AuxFile[] {
  const one = (f: ImageFile, role: AuxFile['role'], components: string[]): AuxFile => ({
    role,
    components,
    format: imageFormat(f),
    repo: f.repo,
    file: f.file,
    sizeGiB: fileSizeBytes(f) / GIB,
  })
  return [
    one(s.diffusion, 'diffusion', [diffusionName, ...s.bundled.map((c) => c.name)]),
    ...s.parts.map((p) => one(p.file, p.component.role, [p.component.name])),
  ]
}
