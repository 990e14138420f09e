/**
 * Readers for the fact groups every kind of catalog entry shares: the source URL rule, the base
 * fields (id, name, repo, aliases, licence), parameter counts and published file sizes.
 */
import {
  fail,
  nullable,
  num,
  obj,
  oneOf,
  optStr,
  arr,
  str,
  type Obj,
} from './model-catalog-json.js'
import type { FileSize, LicenseFact, ModelKind, ParamsFact } from './model-catalog-types.js'

const ID_RE = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/
const DATE_RE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/
const URL_RE = /^https?:\/\/\S+$/

/** A URL when any value of the group is known; null is allowed only for an all-null group. */
export function source(o: Obj, path: string, hasFacts: boolean): string | null {
  const s = nullable(o.source, `${path}.source`, str)
  if (s == null) {
    if (hasFacts) fail(`${path}.source`, 'a fact group with values needs a source URL')
    return null
  }
  if (!URL_RE.test(s)) fail(`${path}.source`, `expected an http(s) URL, got "${s}"`)
  return s
}

/** The source URL of a group that always has facts. */
export function requiredSource(o: Obj, path: string): string {
  return source(o, path, true) ?? fail(`${path}.source`, 'missing')
}

/** Whether any of the values is known. */
export function known(...values: unknown[]): boolean {
  return values.some((v) => v != null)
}

/** A Hugging Face `owner/name` repo id. */
export function hfRepo(v: unknown, path: string): string {
  const s = str(v, path)
  if (!/^[\w.-]+\/[\w.-]+$/.test(s)) fail(path, `"${s}" is not an owner/name repo id`)
  return s
}

/** The fields every model has, checked for `kind`. */
export function readBase(
  o: Obj,
  path: string,
  kind: ModelKind,
): {
  id: string
  name: string
  family: string
  hfRepo: string
  aliases: string[]
  license: LicenseFact
} {
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

/** Total and active parameters in billions, with how they were obtained. */
export function readParams(v: unknown, path: string): ParamsFact {
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

/** Exactly one of the size fields, in the unit it was published in. */
export function readSize(o: Obj, path: string): FileSize {
  const keys = ['sizeBytes', 'sizeGB', 'sizeMiB', 'sizeGiB'] as const
  const set = keys.filter((k) => o[k] != null)
  if (set.length !== 1) fail(`${path}.sizeBytes`, `expected exactly one of ${keys.join(', ')}`)
  const size: Record<string, number> = {}
  for (const k of set) size[k] = num(o[k], `${path}.${k}`, 1e-6, 1e15)
  return size
}
