/**
 * Reads one text-to-image entry: its component networks, the files each is published in (with
 * the parts a single-file checkpoint bundles), default size and steps, and the cited speed run.
 */
import { arr, fail, int, nullable, num, obj, oneOf, optStr, str } from './model-catalog-json.js'
import { hfRepo, known, readBase, readSize, requiredSource, source } from './model-catalog-facts.js'
import type {
  ImageComponent,
  ImageFile,
  ImageModel,
  ImageRole,
  ImageSpeedReference,
  ImageVariant,
} from './model-catalog-aux-types.js'

const ROLES: readonly ImageRole[] = ['diffusion', 'text-encoder', 'vae']
const VARIANTS: readonly ImageVariant[] = ['fp32', 'fp16', 'bf16', 'fp8', 'gguf']
const GPU_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

function readComponent(x: unknown, p: string): ImageComponent {
  const c = obj(x, p)
  const paramsB = nullable(c.paramsB, `${p}.paramsB`, (n, q) => num(n, q, 0.0001, 1000))
  return {
    role: oneOf(c.role, `${p}.role`, ROLES),
    name: str(c.name, `${p}.name`),
    paramsB,
    source: source(c, p, paramsB != null),
    note: optStr(c.note, `${p}.note`),
  }
}

/**
 * One file. Rules:
 * - a role with several components (FLUX's T5 and CLIP) needs `componentName`, naming one of them;
 * - a `gguf` file names its quant (one of quantizations.json's), other variants do not;
 * - `includes` lists other roles the model has, each once.
 */
function readFile(
  x: unknown,
  p: string,
  components: readonly ImageComponent[],
  quants: ReadonlySet<string>,
): ImageFile {
  const f = obj(x, p)
  const component = oneOf(f.component, `${p}.component`, ROLES)
  const sameRole = components.filter((c) => c.role === component)
  if (sameRole.length === 0) fail(`${p}.component`, `the model has no ${component} component`)
  const componentName = nullable(f.componentName, `${p}.componentName`, str)
  if (sameRole.length > 1 && componentName == null)
    fail(`${p}.componentName`, `the model has ${sameRole.length} ${component} components: name one`)
  if (componentName != null && !sameRole.some((c) => c.name === componentName))
    fail(
      `${p}.componentName`,
      `"${componentName}" is not one of ${sameRole.map((c) => c.name).join(', ')}`,
    )
  const variant = oneOf(f.variant, `${p}.variant`, VARIANTS)
  const quant = nullable(f.quant, `${p}.quant`, str)
  if (quant != null && !quants.has(quant))
    fail(`${p}.quant`, `"${quant}" is not in quantizations.json`)
  if ((variant === 'gguf') !== (quant != null))
    fail(
      `${p}.quant`,
      variant === 'gguf' ? 'a gguf file needs its quant' : 'only gguf files have a quant',
    )
  const includes = arr(f.includes ?? [], `${p}.includes`, (r, q) => oneOf(r, q, ROLES))
  includes.forEach((role, i) => {
    if (role === component || includes.indexOf(role) !== i)
      fail(`${p}.includes[${i}]`, `"${role}" is the file's own role or listed twice`)
    if (!components.some((c) => c.role === role))
      fail(`${p}.includes[${i}]`, `the model has no ${role} component`)
  })
  return {
    component,
    componentName,
    variant,
    quant,
    includes,
    ...readSize(f, p),
    repo: nullable(f.repo, `${p}.repo`, hfRepo),
    file: nullable(f.file, `${p}.file`, str),
    source: requiredSource(f, p),
    note: optStr(f.note, `${p}.note`),
  }
}

function readSpeedReference(x: unknown, p: string): ImageSpeedReference {
  const r = obj(x, p)
  const gpu = str(r.gpu, `${p}.gpu`)
  if (!GPU_ID_RE.test(gpu)) fail(`${p}.gpu`, `"${gpu}" is not a GPU catalog id`)
  return {
    gpu,
    width: int(r.width, `${p}.width`, 64, 16384),
    height: int(r.height, `${p}.height`, 64, 16384),
    iterationsPerSec: num(r.iterationsPerSec, `${p}.iterationsPerSec`, 0.001, 10_000),
    basis: oneOf(r.basis, `${p}.basis`, ['measured', 'derived'] as const),
    setup: str(r.setup, `${p}.setup`),
    source: requiredSource(r, p),
    note: optStr(r.note, `${p}.note`),
  }
}

/** One image entry; every component must have a sized file or be bundled in one (checked in tests). */
export function readImage(v: unknown, path: string, quants: ReadonlySet<string>): ImageModel {
  const o = obj(v, path)
  const d = obj(o.defaults, `${path}.defaults`)
  const px = (key: string) =>
    nullable(d[key], `${path}.defaults.${key}`, (x, p) => int(x, p, 64, 16384))
  const width = px('width')
  const height = px('height')
  const steps = nullable(d.steps, `${path}.defaults.steps`, (x, p) => int(x, p, 1, 1000))
  const components = arr(o.components, `${path}.components`, readComponent)
  const names = components.map((c) => c.name)
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) fail(`${path}.components[${i}].name`, `duplicate "${n}"`)
  })
  return {
    ...readBase(o, path, 'image'),
    kind: 'image',
    components,
    defaults: {
      width,
      height,
      steps,
      source: source(d, `${path}.defaults`, known(width, height, steps)),
      note: optStr(d.note, `${path}.defaults.note`),
    },
    speedReference: nullable(o.speedReference, `${path}.speedReference`, readSpeedReference),
    files: arr(o.files, `${path}.files`, (x, p) => readFile(x, p, components, quants)),
  }
}
