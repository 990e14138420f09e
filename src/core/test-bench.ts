import type { BenchDocument, LlmBenchResult } from './bench-types.js'
import { BENCH_SCHEMA_VERSION } from './bench-types.js'

/** An LLM result for tests; figures in the range the tiny model reaches on a small VM. */
export function sampleLlmResult(over: Partial<LlmBenchResult> = {}): LlmBenchResult {
  return {
    model: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
    modelSource: 'file',
    modelPath: '/models/qwen2.5-0.5b-instruct-q4_k_m.gguf',
    modelSizeMiB: 379,
    promptTokensPerSec: 180,
    generationTokensPerSec: 24,
    tokenLatencyP50Ms: 41,
    tokenLatencyP90Ms: 48,
    identicalTokensAcrossRuns: true,
    firstTokens: [9707, 11, 1052],
    params: {
      promptTokens: 512,
      generatedTokens: 128,
      promptRepetitions: 1,
      generationRuns: 2,
      threads: 2,
      batchSize: 512,
      contextSize: 768,
      gpuLayers: 0,
      gpu: false,
    },
    load: { loadAverage1m: 0.2, logicalCpus: 2 },
    warnings: [],
    ...over,
  }
}

/** A full benchmark document for tests (memory, disk, CPU, no GPU, LLM). */
export function sampleBenchDocument(over: Partial<BenchDocument> = {}): BenchDocument {
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    runAt: '2026-11-30T10:00:00.000Z',
    snapshotId: null,
    level: 'quick',
    sections: ['memory', 'disk', 'cpu', 'gpu', 'llm'],
    memory: {
      copyGBps: 20,
      readGBps: 15,
      writeGBps: 25,
      singleThreadCopyGBps: 18,
      singleThreadReadGBps: 12,
      singleThreadWriteGBps: 22,
      params: {
        threads: 2,
        workingSetMiB: 256,
        lastLevelCacheMiB: 32,
        repetitions: 5,
        copyMethod: 'set',
        readMethod: 'block memmove',
        writeMethod: 'fill',
      },
      load: { loadAverage1m: 0.2, logicalCpus: 2 },
      warnings: [],
    },
    disk: {
      seqWriteMBps: 600,
      seqReadMBps: 1500,
      randReadIops: 8000,
      randReadLatencyUs: 125,
      params: {
        path: '/data',
        fileMiB: 256,
        seqBlockKiB: 1024,
        randBlockKiB: 4,
        queueDepth: 1,
        randDurationMs: 2000,
        directIo: true,
        fileSystem: 'ext4',
      },
      notes: [],
    },
    cpu: {
      singleThreadIntegerScore: 2000,
      singleThreadFloatScore: 1500,
      multiThreadIntegerScore: 3900,
      multiThreadFloatScore: 2900,
      params: { threads: 2, durationMsPerTest: 500, integerKernel: 'xorshift', floatKernel: 'fma' },
      load: { loadAverage1m: 0.2, logicalCpus: 2 },
      warnings: [],
    },
    gpu: {
      available: false,
      reason: 'no GPU',
      devices: [],
      backend: null,
      hostToDeviceGBps: null,
      llm: null,
      notes: [],
    },
    llm: sampleLlmResult(),
    failures: [],
    durationMs: 30_000,
    ...over,
  }
}
