import { describe, expect, it } from 'vitest'
import { validateStackCatalog } from './stack-catalog.js'
import { validateHostTarget, looksLikeHostTarget } from './host-target.js'

const source = { url: 'https://example.org/doc', document: null, note: null }
function stack(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'chat',
    name: 'Chat',
    description: 'd',
    accelerator: 'nvidia-gpu',
    cpuVariantOf: null,
    model: { kind: 'llm', runtime: 'ollama', defaultModelId: null },
    ubuntu: ['24.04'],
    requirements: {
      minVcpus: 4,
      minRamGiB: 8,
      minVramGiB: 8,
      recommendedVramGiB: null,
      diskGiB: 20,
    },
    requirementSources: {
      minVcpus: source,
      minRamGiB: source,
      minVramGiB: source,
      diskGiB: source,
    },
    install: {
      aptRepos: [],
      apt: [],
      pythonApps: [],
      containers: [{ name: 'ollama', image: 'ollama/ollama:0.6.8', gpus: true, source }],
    },
    ports: [{ port: 11434, protocol: 'tcp', service: 'Ollama' }],
    health: [{ kind: 'http', url: 'http://127.0.0.1:11434/api/version' }],
    sources: [source],
    notes: [],
    ...overrides,
  }
}
const file = (...stacks: unknown[]) => ({ schemaVersion: 1, stacks })

describe('validateStackCatalog', () => {
  it('accepts a complete stack', () => {
    expect(validateStackCatalog(file(stack())).stacks[0]?.install.containers[0]?.image).toBe(
      'ollama/ollama:0.6.8',
    )
  })
  it.each([
    [
      {
        install: { containers: [{ name: 'o', image: 'ollama/ollama:latest', gpus: true, source }] },
      },
      /stacks\[0\]\.install\.containers\[0\]\.image must pin a version tag/,
    ],
    [
      { install: { containers: [{ name: 'o', image: 'ollama/ollama', gpus: true, source }] } },
      /must pin a version tag/,
    ],
    [
      { requirementSources: { minVcpus: source, minRamGiB: source, diskGiB: source } },
      /requirementSources\.minVramGiB must cite a source/,
    ],
    [{ health: [] }, /health must list at least one check/],
    [
      { health: [{ kind: 'http', url: 'http://0.0.0.0:1/' }] },
      /must be checked on http:\/\/127\.0\.0\.1/,
    ],
    [{ accelerator: 'cpu' }, /minVramGiB must be 0 for a stack without a GPU/],
    [{ cpuVariantOf: 'nope' }, /cpuVariantOf must name a stack/],
    [{ sources: [{ url: 'ftp://x', document: null }] }, /must be an http\(s\) URL/],
  ])('rejects %j', (overrides, message) => {
    expect(() => validateStackCatalog(file(stack(overrides)))).toThrow(message)
  })
  it('rejects duplicate ids and other schema versions', () => {
    expect(() => validateStackCatalog(file(stack(), stack()))).toThrow(
      /stacks\[1\]\.id is a duplicate/,
    )
    expect(() => validateStackCatalog({ schemaVersion: 2, stacks: [] })).toThrow(
      /schemaVersion must be 1/,
    )
  })
})

describe('validateHostTarget', () => {
  const host = {
    kind: 'vsphere-host',
    schemaVersion: 1,
    name: 'esx',
    esxiVersion: '8.0.2',
    cpu: { model: null, cores: 8 },
    memoryGiB: 64,
    gpus: [
      {
        pciId: '0000:3B:00.0',
        vendorId: '0x10DE',
        deviceId: '2204',
        name: 'RTX 3090',
        vramMiB: 24576,
        passthroughCapable: true,
        passthroughEnabled: true,
      },
    ],
  }
  it('normalises ids and fills defaults', () => {
    const t = validateHostTarget(host)
    expect(t.gpus[0]).toMatchObject({
      pciId: '0000:3b:00.0',
      vendorId: '10de',
      passthroughActive: null,
    })
    expect(t.cpu.threads).toBe(8)
    expect(t.datastores).toEqual([])
    expect(looksLikeHostTarget(host)).toBe(true)
    expect(looksLikeHostTarget({ schemaVersion: 1 })).toBe(false)
  })
  it('names the file and field of the first problem', () => {
    expect(() => validateHostTarget({ ...host, esxiVersion: 'eight' }, 'h.json')).toThrow(
      'h.json: esxiVersion must look like 8.0.2, got "eight"',
    )
    expect(() =>
      validateHostTarget({ ...host, gpus: [{ ...host.gpus[0], pciId: '3b:00.0' }] }),
    ).toThrow(/gpus\[0\]\.pciId must be a PCI address/)
  })
})
