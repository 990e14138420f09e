import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { HomelabError } from '../../core/errors.js'
import type { GgufHeader } from './gguf-types.js'
import { readGgufHeader } from './read-gguf-header.js'

/** Where to look and how to read; every field defaults to this machine. */
export interface OllamaStoreOptions {
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly homedir?: string
  readonly platform?: NodeJS.Platform
  readonly readHeader?: (file: string) => Promise<GgufHeader>
}

/** One model in the store. */
export interface OllamaModel {
  /** As `ollama list` shows it: `llama3.2:3b`, `user/model:tag`, `hf.co/owner/repo:tag`. */
  readonly name: string
  readonly manifest: string
  readonly blob: string
  readonly sizeBytes: number
  /** Null when the blob could not be read (the reason is in the listing's notes). */
  readonly header: GgufHeader | null
}

/** The models found, the stores looked at, and what could not be read. */
export interface OllamaStoreListing {
  readonly stores: readonly string[]
  readonly models: readonly OllamaModel[]
  readonly notes: readonly string[]
}

/** The layer that holds the GGUF weights (others are template, params, license...). */
const MODEL_MEDIA_TYPE = 'application/vnd.ollama.image.model'
const DEFAULT_REGISTRY = 'registry.ollama.ai'
/** Manifests are a few hundred bytes; anything large is not one. */
const MAX_MANIFEST_BYTES = 1 << 20
const DIGEST = /^sha256:([0-9a-f]{64})$/

/**
 * Folders Ollama keeps models in, most specific first: `OLLAMA_MODELS`, the user's
 * `~/.ollama/models` (macOS, Windows and Linux), and the Linux service user's home.
 */
export function ollamaStoreDirs({
  env = process.env,
  homedir = os.homedir(),
  platform = process.platform,
}: Pick<OllamaStoreOptions, 'env' | 'homedir' | 'platform'> = {}): string[] {
  const p = platform === 'win32' ? path.win32 : path.posix
  const dirs: string[] = []
  const fromEnv = env.OLLAMA_MODELS?.trim()
  if (fromEnv != null && fromEnv !== '') dirs.push(fromEnv)
  dirs.push(p.join(homedir, '.ollama', 'models'))
  // The install script runs the service as user `ollama` with its home in /usr/share/ollama.
  if (platform === 'linux') dirs.push('/usr/share/ollama/.ollama/models')
  return [...new Set(dirs)]
}

/**
 * Lists the models in the user's Ollama stores without the network: reads each manifest, finds the
 * weights layer and reads its GGUF header. A missing store is an empty list; unreadable parts
 * become notes.
 */
export async function listOllamaModels(opts: OllamaStoreOptions = {}): Promise<OllamaStoreListing> {
  const readHeader = opts.readHeader ?? ((f: string) => readGgufHeader(f))
  const notes: string[] = []
  const stores: string[] = []
  const models: OllamaModel[] = []
  const seen = new Set<string>()
  for (const dir of ollamaStoreDirs(opts)) {
    const real = await realpath(dir).catch(() => null)
    if (real == null || seen.has(real)) continue
    seen.add(real)
    const manifests = path.join(dir, 'manifests')
    let files: string[]
    try {
      files = await manifestFiles(manifests)
    } catch (e) {
      notes.push(`Cannot read ${manifests} (${reason(e)}).`)
      continue
    }
    stores.push(dir)
    for (const rel of files.sort()) {
      const model = await readModel(dir, rel, readHeader, notes)
      if (model != null) models.push(model)
    }
  }
  return { stores, models, notes }
}

/** Manifest paths relative to `manifests/`: host/namespace/model/tag. */
async function manifestFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (rel: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true })
    for (const e of entries) {
      const child = rel === '' ? e.name : path.join(rel, e.name)
      if (depth === 3 && e.isFile()) out.push(child)
      else if (depth < 3 && e.isDirectory()) await walk(child, depth + 1)
    }
  }
  try {
    await walk('', 0)
  } catch (e) {
    // No manifests folder: an empty store, not a problem.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  return out
}

function modelName(rel: string): string {
  const [host, namespace, model, tag] = rel.split(path.sep)
  if (host === DEFAULT_REGISTRY && namespace === 'library') return `${model}:${tag}`
  if (host === DEFAULT_REGISTRY) return `${namespace}/${model}:${tag}`
  return `${host}/${namespace}/${model}:${tag}`
}

async function readModel(
  dir: string,
  rel: string,
  readHeader: (file: string) => Promise<GgufHeader>,
  notes: string[],
): Promise<OllamaModel | null> {
  const name = modelName(rel)
  const manifest = path.join(dir, 'manifests', rel)
  let layer: { digest: string; size: number }
  try {
    layer = await modelLayer(manifest)
  } catch (e) {
    notes.push(`${name}: ${reason(e)}.`)
    return null
  }
  const hex = DIGEST.exec(layer.digest)?.[1]
  if (hex == null) {
    notes.push(`${name}: the weights digest "${layer.digest}" is not a sha256 digest.`)
    return null
  }
  const blob = path.join(dir, 'blobs', `sha256-${hex}`)
  try {
    return { name, manifest, blob, sizeBytes: layer.size, header: await readHeader(blob) }
  } catch (e) {
    notes.push(`${name}: ${e instanceof HomelabError ? e.message : reason(e)}`)
    return { name, manifest, blob, sizeBytes: layer.size, header: null }
  }
}

async function modelLayer(manifest: string): Promise<{ digest: string; size: number }> {
  const s = await stat(manifest)
  if (s.size > MAX_MANIFEST_BYTES) throw new Error(`manifest is ${s.size} bytes, not a manifest`)
  let doc: unknown
  try {
    doc = JSON.parse(await readFile(manifest, 'utf8'))
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error('manifest is not JSON')
    throw e
  }
  const layers = (doc as { layers?: unknown } | null)?.layers
  if (!Array.isArray(layers)) throw new Error('manifest has no layers')
  for (const l of layers as unknown[]) {
    if (typeof l !== 'object' || l == null) continue
    const { mediaType, digest, size } = l as Record<string, unknown>
    if (mediaType === MODEL_MEDIA_TYPE && typeof digest === 'string')
      return { digest, size: typeof size === 'number' ? size : 0 }
  }
  throw new Error('manifest has no model layer (an adapter or a non-GGUF model?)')
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err.code === 'EACCES') return 'permission denied'
  if (err.code === 'ENOENT') return 'file not found'
  return err instanceof Error ? err.message : String(e)
}
