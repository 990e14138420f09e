/**
 * Lab stacks (catalog/stacks.json): what a test VM installs for one job (chat, image generation,
 * notebooks, Coral), what it needs, which ports it opens and how to tell it works. Every
 * requirement names its source. Pure: the adapter hands the parsed JSON in.
 */
import { InputFileError } from './errors.js'
import {
  FieldProblem,
  childPath,
  readArray,
  readBoolean,
  readEnum,
  readNullableString,
  readNumber,
  readObject,
  readString,
  readStringList,
} from './json-fields.js'

/** Bumped when a field changes meaning; the loader refuses other versions. */
export const STACK_CATALOG_SCHEMA_VERSION = 1

/** What the stack computes on. */
export type StackAccelerator = 'nvidia-gpu' | 'cpu' | 'coral-usb'

/** Ubuntu releases the guest bootstrap supports. */
export type UbuntuRelease = '22.04' | '24.04'

/** A citation: a page, or a named document when the rule has no page of its own. */
export interface StackSource {
  readonly url: string | null
  readonly document: string | null
  readonly note: string | null
}

/** What the stack needs from the VM, before any model is added. */
export interface StackRequirements {
  readonly minVcpus: number
  readonly minRamGiB: number
  /** 0 for stacks that do not use a GPU. */
  readonly minVramGiB: number
  readonly recommendedVramGiB: number | null
  /** Images, venvs and caches of the stack itself; the planner adds OS and model files. */
  readonly diskGiB: number
}

/** One source per requirement, keyed like StackRequirements. */
export type RequirementSources = Readonly<Partial<Record<keyof StackRequirements, StackSource>>>

/** A container the stack runs; the image tag is pinned (never `latest` or `main`). */
export interface ContainerSpec {
  readonly name: string
  readonly image: string
  readonly gpus: boolean
  readonly ports: readonly { readonly host: number; readonly container: number }[]
  readonly volumes: readonly string[]
  readonly env: Readonly<Record<string, string>>
  /** Arguments after the image name (the image's own command keeps running). */
  readonly args: readonly string[]
  readonly devices: readonly string[]
  /** Adds `host.docker.internal` pointing at the VM, so a container reaches a host port. */
  readonly addHostGateway: boolean
  /** Replaces the image's command entirely; null keeps it. */
  readonly command: readonly string[] | null
  readonly source: StackSource
}

/** A Python application installed from git into its own venv and run by systemd. */
export interface PythonAppSpec {
  readonly name: string
  readonly git: { readonly repo: string; readonly ref: string }
  /** Extra pip index (PyTorch CUDA wheels), or null. */
  readonly pipIndexUrl: string | null
  readonly pip: readonly string[]
  /** A requirements file inside the checkout, or null. */
  readonly requirementsFile: string | null
  /** The service command, run in the checkout; `python` means the venv's python. */
  readonly command: readonly string[]
  /** Where image checkpoints go inside the checkout. */
  readonly modelDir: string
  readonly source: StackSource
}

/** A third-party apt repository (key URL and `URL suite component` line). */
export interface AptRepo {
  readonly name: string
  readonly keyUrl: string
  readonly suite: string
  readonly source: StackSource
}

/** Everything the stack installs. */
export interface StackInstall {
  readonly aptRepos: readonly AptRepo[]
  readonly apt: readonly string[]
  readonly containers: readonly ContainerSpec[]
  readonly pythonApps: readonly PythonAppSpec[]
}

/** How the guest proves the stack works: an HTTP URL that must answer 2xx, or a command that must exit 0. */
export type HealthCheck =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'command'; readonly argv: readonly string[] }

/** A port the stack opens on the VM. */
export interface StackPort {
  readonly port: number
  readonly protocol: 'tcp'
  readonly service: string
}

/** Which model the stack serves, if any. */
export interface StackModel {
  readonly kind: 'llm' | 'image' | null
  /** `ollama`: pulled by tag; `gguf`: a GGUF file downloaded for llama-server; null: none. */
  readonly runtime: 'ollama' | 'gguf' | null
  readonly defaultModelId: string | null
}

/** One stack. */
export interface StackEntry {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly accelerator: StackAccelerator
  /** The GPU stack this one is the CPU variant of, or null. */
  readonly cpuVariantOf: string | null
  readonly model: StackModel
  readonly ubuntu: readonly UbuntuRelease[]
  readonly requirements: StackRequirements
  readonly requirementSources: RequirementSources
  readonly install: StackInstall
  readonly ports: readonly StackPort[]
  readonly health: readonly HealthCheck[]
  readonly sources: readonly StackSource[]
  readonly notes: readonly string[]
}

/** The whole stacks file. */
export interface StackCatalog {
  readonly schemaVersion: typeof STACK_CATALOG_SCHEMA_VERSION
  readonly stacks: readonly StackEntry[]
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const URL = /^https?:\/\/\S+$/
// Image references with a pinned tag: registry/path:tag, where the tag is not a moving one.
const IMAGE = /^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9_][A-Za-z0-9._-]*$/
const MOVING_TAGS = new Set(['latest', 'main', 'master', 'stable', 'nightly'])
const CONTAINER_NAME = /^[a-z0-9][a-z0-9_.-]*$/
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/
const PIP_SPEC = /^[A-Za-z0-9_.-]+(?:\[[A-Za-z0-9_,.-]+\])?(?:(?:==|~=|>=)[A-Za-z0-9_.+-]+)?$/
const REQUIREMENT_KEYS = [
  'minVcpus',
  'minRamGiB',
  'minVramGiB',
  'recommendedVramGiB',
  'diskGiB',
] as const

function readSource(value: unknown, path: string): StackSource {
  const obj = readObject(value, path)
  const url = readNullableString(obj.url, childPath(path, 'url'))
  const document = readNullableString(obj.document, childPath(path, 'document'))
  if (url == null && document == null) throw new FieldProblem(path, 'must have a url or a document')
  if (url != null && !URL.test(url))
    throw new FieldProblem(childPath(path, 'url'), `must be an http(s) URL, got "${url}"`)
  return { url, document, note: readNullableString(obj.note, childPath(path, 'note')) }
}

function readUrl(value: unknown, path: string): string {
  const url = readString(value, path)
  if (!URL.test(url)) throw new FieldProblem(path, `must be an http(s) URL, got "${url}"`)
  return url
}

function readPort(value: unknown, path: string): number {
  return readNumber(value, path, { min: 1, max: 65535, integer: true })
}

function readContainer(value: unknown, path: string): ContainerSpec {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const name = readString(obj.name, at('name'))
  if (!CONTAINER_NAME.test(name)) throw new FieldProblem(at('name'), `is not a container name`)
  const image = readString(obj.image, at('image'))
  const tag = image.slice(image.lastIndexOf(':') + 1)
  if (!IMAGE.test(image) || MOVING_TAGS.has(tag))
    throw new FieldProblem(at('image'), `must pin a version tag, got "${image}"`)
  const envObj = readObject(obj.env ?? {}, at('env'))
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(envObj)) env[k] = readString(v, childPath(at('env'), k))
  const command = obj.command == null ? null : readStringList(obj.command, at('command'))
  return {
    name,
    image,
    gpus: readBoolean(obj.gpus, at('gpus')),
    ports: readArray(obj.ports ?? [], at('ports')).map((p, i) => {
      const po = readObject(p, childPath(at('ports'), i))
      return {
        host: readPort(po.host, childPath(childPath(at('ports'), i), 'host')),
        container: readPort(po.container, childPath(childPath(at('ports'), i), 'container')),
      }
    }),
    volumes: readStringList(obj.volumes, at('volumes')),
    env,
    args: readStringList(obj.args, at('args')),
    devices: readStringList(obj.devices, at('devices')),
    addHostGateway: readBoolean(obj.addHostGateway ?? false, at('addHostGateway')),
    command,
    source: readSource(obj.source, at('source')),
  }
}

function readPythonApp(value: unknown, path: string): PythonAppSpec {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const git = readObject(obj.git, at('git'))
  const pip = readStringList(obj.pip, at('pip'))
  pip.forEach((p, i) => {
    if (!PIP_SPEC.test(p))
      throw new FieldProblem(childPath(at('pip'), i), `is not a pip requirement`)
  })
  const command = readStringList(obj.command, at('command'))
  if (command.length === 0) throw new FieldProblem(at('command'), 'must not be empty')
  const pipIndexUrl = readNullableString(obj.pipIndexUrl, at('pipIndexUrl'))
  if (pipIndexUrl != null) readUrl(pipIndexUrl, at('pipIndexUrl'))
  return {
    name: readString(obj.name, at('name')),
    git: {
      repo: readUrl(git.repo, childPath(at('git'), 'repo')),
      ref: readString(git.ref, childPath(at('git'), 'ref')),
    },
    pipIndexUrl,
    pip,
    requirementsFile: readNullableString(obj.requirementsFile, at('requirementsFile')),
    command,
    modelDir: readString(obj.modelDir, at('modelDir')),
    source: readSource(obj.source, at('source')),
  }
}

function readInstall(value: unknown, path: string): StackInstall {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const apt = readStringList(obj.apt, at('apt'))
  apt.forEach((p, i) => {
    if (!APT_PACKAGE.test(p))
      throw new FieldProblem(childPath(at('apt'), i), 'is not a package name')
  })
  return {
    aptRepos: readArray(obj.aptRepos ?? [], at('aptRepos')).map((r, i) => {
      const p = childPath(at('aptRepos'), i)
      const ro = readObject(r, p)
      return {
        name: readString(ro.name, childPath(p, 'name')),
        keyUrl: readUrl(ro.keyUrl, childPath(p, 'keyUrl')),
        suite: readString(ro.suite, childPath(p, 'suite')),
        source: readSource(ro.source, childPath(p, 'source')),
      }
    }),
    apt,
    containers: readArray(obj.containers ?? [], at('containers')).map((c, i) =>
      readContainer(c, childPath(at('containers'), i)),
    ),
    pythonApps: readArray(obj.pythonApps ?? [], at('pythonApps')).map((a, i) =>
      readPythonApp(a, childPath(at('pythonApps'), i)),
    ),
  }
}

function readHealth(value: unknown, path: string): HealthCheck {
  const obj = readObject(value, path)
  const kind = readEnum(obj.kind, childPath(path, 'kind'), ['http', 'command'] as const)
  if (kind === 'http') {
    const url = readUrl(obj.url, childPath(path, 'url'))
    if (!url.startsWith('http://127.0.0.1:'))
      throw new FieldProblem(childPath(path, 'url'), 'must be checked on http://127.0.0.1')
    return { kind, url }
  }
  const argv = readStringList(obj.argv, childPath(path, 'argv'))
  if (argv.length === 0) throw new FieldProblem(childPath(path, 'argv'), 'must not be empty')
  return { kind, argv }
}

function readRequirements(obj: Record<string, unknown>, path: string): StackRequirements {
  const at = (k: string) => childPath(path, k)
  const whole = { min: 0, integer: true }
  const rec = obj.recommendedVramGiB
  return {
    minVcpus: readNumber(obj.minVcpus, at('minVcpus'), { min: 1, integer: true }),
    minRamGiB: readNumber(obj.minRamGiB, at('minRamGiB'), { min: 1 }),
    minVramGiB: readNumber(obj.minVramGiB, at('minVramGiB'), whole),
    recommendedVramGiB: rec == null ? null : readNumber(rec, at('recommendedVramGiB'), whole),
    diskGiB: readNumber(obj.diskGiB, at('diskGiB'), { min: 1 }),
  }
}

function readStack(value: unknown, path: string): StackEntry {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const id = readString(obj.id, at('id'))
  if (!ID.test(id)) throw new FieldProblem(at('id'), `must be kebab-case, got "${id}"`)
  const requirements = readRequirements(
    readObject(obj.requirements, at('requirements')),
    at('requirements'),
  )
  const srcObj = readObject(obj.requirementSources, at('requirementSources'))
  const requirementSources: Partial<Record<keyof StackRequirements, StackSource>> = {}
  for (const key of REQUIREMENT_KEYS) {
    const needed = requirements[key] != null
    const raw = srcObj[key]
    if (raw == null) {
      if (needed)
        throw new FieldProblem(childPath(at('requirementSources'), key), 'must cite a source')
      continue
    }
    requirementSources[key] = readSource(raw, childPath(at('requirementSources'), key))
  }
  const modelObj = readObject(obj.model, at('model'))
  const accelerator = readEnum(obj.accelerator, at('accelerator'), [
    'nvidia-gpu',
    'cpu',
    'coral-usb',
  ] as const)
  if (accelerator !== 'nvidia-gpu' && requirements.minVramGiB > 0)
    throw new FieldProblem(at('requirements.minVramGiB'), 'must be 0 for a stack without a GPU')
  const health = readArray(obj.health, at('health')).map((h, i) =>
    readHealth(h, childPath(at('health'), i)),
  )
  if (health.length === 0) throw new FieldProblem(at('health'), 'must list at least one check')
  const ubuntu = readArray(obj.ubuntu, at('ubuntu')).map((u, i) =>
    readEnum(u, childPath(at('ubuntu'), i), ['22.04', '24.04'] as const),
  )
  if (ubuntu.length === 0) throw new FieldProblem(at('ubuntu'), 'must list a release')
  return {
    id,
    name: readString(obj.name, at('name')),
    description: readString(obj.description, at('description')),
    accelerator,
    cpuVariantOf: readNullableString(obj.cpuVariantOf, at('cpuVariantOf')),
    model: {
      kind:
        modelObj.kind == null
          ? null
          : readEnum(modelObj.kind, at('model.kind'), ['llm', 'image'] as const),
      runtime:
        modelObj.runtime == null
          ? null
          : readEnum(modelObj.runtime, at('model.runtime'), ['ollama', 'gguf'] as const),
      defaultModelId: readNullableString(modelObj.defaultModelId, at('model.defaultModelId')),
    },
    ubuntu,
    requirements,
    requirementSources,
    install: readInstall(obj.install, at('install')),
    ports: readArray(obj.ports ?? [], at('ports')).map((p, i) => {
      const pp = childPath(at('ports'), i)
      const po = readObject(p, pp)
      return {
        port: readPort(po.port, childPath(pp, 'port')),
        protocol: readEnum(po.protocol, childPath(pp, 'protocol'), ['tcp'] as const),
        service: readString(po.service, childPath(pp, 'service')),
      }
    }),
    health,
    sources: readArray(obj.sources, at('sources')).map((s, i) =>
      readSource(s, childPath(at('sources'), i)),
    ),
    notes: readStringList(obj.notes, at('notes')),
  }
}

// Cross-entry rules: unique ids, and a CPU variant must name a GPU stack that exists.
function checkLinks(stacks: readonly StackEntry[]): void {
  const ids = new Map<string, StackEntry>()
  stacks.forEach((s, i) => {
    if (ids.has(s.id))
      throw new FieldProblem(childPath(childPath('stacks', i), 'id'), 'is a duplicate')
    ids.set(s.id, s)
  })
  stacks.forEach((s, i) => {
    if (s.cpuVariantOf == null) return
    const base = ids.get(s.cpuVariantOf)
    if (base == null || s.accelerator !== 'cpu')
      throw new FieldProblem(
        childPath(childPath('stacks', i), 'cpuVariantOf'),
        `must name a stack and be set only on a CPU stack, got "${s.cpuVariantOf}"`,
      )
  })
}

/**
 * Checks a parsed stacks file and returns it typed. Throws InputFileError naming the file and the
 * path of the first bad field: `catalog/stacks.json: stacks[2].install.containers[0].image must pin ...`.
 */
export function validateStackCatalog(json: unknown, origin = 'catalog/stacks.json'): StackCatalog {
  try {
    const root = readObject(json, 'catalog')
    if (root.schemaVersion !== STACK_CATALOG_SCHEMA_VERSION)
      throw new FieldProblem('schemaVersion', `must be ${STACK_CATALOG_SCHEMA_VERSION}`)
    const stacks = readArray(root.stacks, 'stacks').map((s, i) =>
      readStack(s, childPath('stacks', i)),
    )
    checkLinks(stacks)
    return { schemaVersion: STACK_CATALOG_SCHEMA_VERSION, stacks }
  } catch (error) {
    if (error instanceof FieldProblem)
      throw new InputFileError(`${origin}: ${error.message}`, { cause: error })
    throw error
  }
}

/** The stack with `id`, or null. */
export function findStack(catalog: StackCatalog, id: string): StackEntry | null {
  return catalog.stacks.find((s) => s.id === id.trim().toLowerCase()) ?? null
}
