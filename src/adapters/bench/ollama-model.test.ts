import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveOllamaModel } from './ollama-model.js'

const digest = 'a'.repeat(64)
let store: string

beforeAll(() => {
  store = mkdtempSync(path.join(tmpdir(), 'homelab-ai-ollama-'))
  const manifestDir = path.join(store, 'manifests', 'registry.ollama.ai', 'library', 'qwen2.5')
  mkdirSync(manifestDir, { recursive: true })
  mkdirSync(path.join(store, 'blobs'))
  // The shape of an Ollama v2 manifest (schemaVersion 2, one model layer plus template/params).
  writeFileSync(
    path.join(manifestDir, '0.5b'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: `sha256:${'c'.repeat(64)}`,
        size: 490,
      },
      layers: [
        { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${digest}`, size: 5 },
        {
          mediaType: 'application/vnd.ollama.image.template',
          digest: `sha256:${'b'.repeat(64)}`,
          size: 9,
        },
      ],
    }),
  )
  writeFileSync(path.join(store, 'blobs', `sha256-${digest}`), 'GGUF!')
})
afterAll(() => rmSync(store, { recursive: true, force: true }))

describe('resolveOllamaModel', () => {
  it('finds the GGUF blob of name:tag', () => {
    expect(resolveOllamaModel('qwen2.5:0.5b', [store])).toEqual({
      name: 'qwen2.5:0.5b',
      path: path.join(store, 'blobs', `sha256-${digest}`),
      sizeBytes: 5,
    })
  })

  it('says what it looked for when the model is missing', () => {
    expect(() => resolveOllamaModel('llama3.2', [store])).toThrow(
      /no Ollama model "llama3.2" on this machine .*library\/llama3.2\/latest.*ollama pull/,
    )
  })

  it('rejects a name that is not an Ollama reference', () => {
    expect(() => resolveOllamaModel('../etc/passwd', [store])).toThrow(/not an Ollama model name/)
  })
})
