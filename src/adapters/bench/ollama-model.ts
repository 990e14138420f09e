import { readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputFileError, UsageError } from '../../core/errors.js'

/** A model in the local Ollama store, resolved to its GGUF blob. */
export interface OllamaModelFile {
  /** `name:tag` as Ollama lists it. */
  readonly name: string
  readonly path: string
  readonly sizeBytes: number
}

/** Where Ollama keeps models: `OLLAMA_MODELS`, the user's store, then the Linux service's store. */
export function ollamaStoreCandidates(
  env: Readonly<Record<string, string | undefined>> = process.env,
  homedir = os.homedir(),
): string[] {
  const list = [
    env.OLLAMA_MODELS,
    path.join(homedir, '.ollama', 'models'),
    '/usr/share/ollama/.ollama/models',
    '/var/lib/ollama/.ollama/models',
  ]
  return list.filter((dir): dir is string => dir != null && dir.trim() !== '')
}

/**
 * Finds `NAME[:TAG]` (or `namespace/NAME[:TAG]`, or `host/namespace/NAME[:TAG]`) in the Ollama store
 * by reading its manifest: the layer with media type `application/vnd.ollama.image.model` is the
 * GGUF file, stored as `blobs/sha256-<hex>`. Reads files only; Ollama need not be running.
 */
export function resolveOllamaModel(
  reference: string,
  stores = ollamaStoreCandidates(),
): OllamaModelFile {
  const { host, namespace, model, tag } = parseReference(reference)
  const tried: string[] = []
  for (const store of stores) {
    const manifest = path.join(store, 'manifests', host, namespace, model, tag)
    tried.push(manifest)
    let text: string
    try {
      text = readFileSync(manifest, 'utf8')
    } catch {
      continue
    }
    const digest = modelDigest(text, manifest)
    const blob = path.join(store, 'blobs', digest.replace(':', '-'))
    let sizeBytes: number
    try {
      sizeBytes = statSync(blob).size
    } catch {
      throw new InputFileError(
        `the Ollama manifest ${manifest} names ${digest}, but ${blob} is missing`,
      )
    }
    return {
      name: `${namespace === 'library' ? '' : `${namespace}/`}${model}:${tag}`,
      path: blob,
      sizeBytes,
    }
  }
  throw new InputFileError(
    `no Ollama model "${reference}" on this machine (looked for ${tried.join(', ')}); ` +
      'run `ollama pull NAME` first, or set OLLAMA_MODELS to the store folder',
  )
}

function parseReference(reference: string): {
  host: string
  namespace: string
  model: string
  tag: string
} {
  const trimmed = reference.trim()
  const colon = trimmed.lastIndexOf(':')
  const slash = trimmed.lastIndexOf('/')
  const hasTag = colon > slash
  const tag = hasTag ? trimmed.slice(colon + 1) : 'latest'
  const parts = (hasTag ? trimmed.slice(0, colon) : trimmed).split('/')
  const valid = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
  if (parts.length > 3 || !parts.every((p) => valid.test(p)) || !valid.test(tag))
    throw new UsageError(
      `"${reference}" is not an Ollama model name such as llama3.2 or qwen2.5:7b`,
    )
  const model = parts[parts.length - 1] ?? ''
  const namespace = parts.length >= 2 ? (parts[parts.length - 2] ?? 'library') : 'library'
  const host = parts.length === 3 ? (parts[0] ?? '') : 'registry.ollama.ai'
  return { host, namespace, model, tag }
}

function modelDigest(text: string, manifest: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new InputFileError(`the Ollama manifest ${manifest} is not JSON`)
  }
  const layers = (parsed as { layers?: unknown }).layers
  const layer = Array.isArray(layers)
    ? (layers as { mediaType?: unknown; digest?: unknown }[]).find(
        (l) => l.mediaType === 'application/vnd.ollama.image.model',
      )
    : undefined
  if (typeof layer?.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(layer.digest))
    throw new InputFileError(`the Ollama manifest ${manifest} has no model layer`)
  return layer.digest
}
