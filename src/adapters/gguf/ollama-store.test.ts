import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listOllamaModels, ollamaStoreDirs } from './ollama-store.js'
import { writeTinyLlamaModel } from './tiny-model.js'

const home = mkdtempSync(path.join(tmpdir(), 'ollama-home-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))
const store = path.join(home, '.ollama', 'models')

function manifest(rel: string, doc: unknown): void {
  const file = path.join(store, 'manifests', rel)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc))
}

/** Ollama's manifest shape: a config blob and layers, the weights with the model media type. */
function ollamaManifest(digest: string, size: number) {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest, size: 1 },
    layers: [
      {
        mediaType: 'application/vnd.ollama.image.template',
        digest: `sha256:${'0'.repeat(64)}`,
        size: 10,
      },
      { mediaType: 'application/vnd.ollama.image.model', digest, size },
    ],
  }
}

async function buildStore(): Promise<{ digest: string; size: number }> {
  const blobs = path.join(store, 'blobs')
  mkdirSync(blobs, { recursive: true })
  const tmp = path.join(home, 'tiny.gguf')
  const { fileBytes } = await writeTinyLlamaModel(tmp, { type: 'q8_0' })
  const hex = createHash('sha256').update(readFileSync(tmp)).digest('hex')
  writeFileSync(path.join(blobs, `sha256-${hex}`), readFileSync(tmp))
  const digest = `sha256:${hex}`
  manifest('registry.ollama.ai/library/tiny/latest', ollamaManifest(digest, fileBytes))
  manifest('registry.ollama.ai/someone/tiny/q8', ollamaManifest(digest, fileBytes))
  manifest('hf.co/owner/repo/Q8_0', ollamaManifest(digest, fileBytes))
  manifest('registry.ollama.ai/library/gone/latest', ollamaManifest(`sha256:${'a'.repeat(64)}`, 5))
  manifest('registry.ollama.ai/library/broken/latest', '{ not json')
  manifest('registry.ollama.ai/library/evil/latest', ollamaManifest('sha256:../../etc/passwd', 5))
  manifest('registry.ollama.ai/library/nomodel/latest', { schemaVersion: 2, layers: [] })
  return { digest, size: fileBytes }
}

describe('listOllamaModels', () => {
  it('finds models by manifest, reads their GGUF headers and turns bad parts into notes', async () => {
    const { size } = await buildStore()
    // OLLAMA_MODELS naming the same folder is not listed twice.
    const listing = await listOllamaModels({
      env: { OLLAMA_MODELS: store },
      homedir: home,
      platform: 'darwin',
    })
    expect(listing.stores).toEqual([store])
    expect(listing.models.map((m) => [m.name, m.header?.fileType.name ?? null])).toEqual([
      ['hf.co/owner/repo:Q8_0', 'Q8_0'],
      ['gone:latest', null],
      ['tiny:latest', 'Q8_0'],
      ['someone/tiny:q8', 'Q8_0'],
    ])
    const tiny = listing.models.find((m) => m.name === 'tiny:latest')
    expect(tiny?.sizeBytes).toBe(size)
    expect(tiny?.blob).toMatch(/blobs\/sha256-[0-9a-f]{64}$/)
    expect(tiny?.header?.architecture).toBe('llama')
    expect(listing.notes).toEqual([
      'broken:latest: manifest is not JSON.',
      'evil:latest: the weights digest "sha256:../../etc/passwd" is not a sha256 digest.',
      expect.stringMatching(/^gone:latest: sha256-a{64}: cannot open .* \(ENOENT\)$/) as unknown,
      'nomodel:latest: manifest has no model layer (an adapter or a non-GGUF model?).',
    ])
  })

  it('returns an empty list when there is no store', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'ollama-none-'))
    try {
      expect(await listOllamaModels({ env: {}, homedir: empty, platform: 'darwin' })).toEqual({
        stores: [],
        models: [],
        notes: [],
      })
    } finally {
      rmSync(empty, { recursive: true })
    }
  })
})

describe('ollamaStoreDirs', () => {
  it.each([
    ['linux', '/home/ann', {}, ['/home/ann/.ollama/models', '/usr/share/ollama/.ollama/models']],
    [
      'darwin',
      '/Users/ann',
      { OLLAMA_MODELS: '/Volumes/ssd/ollama' },
      ['/Volumes/ssd/ollama', '/Users/ann/.ollama/models'],
    ],
    ['win32', 'C:\\Users\\ann', {}, ['C:\\Users\\ann\\.ollama\\models']],
  ] as const)('%s', (platform, homedir, env, dirs) => {
    expect(ollamaStoreDirs({ platform, homedir, env })).toEqual(dirs)
  })
})
