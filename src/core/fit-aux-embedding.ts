/**
 * Fit and throughput of a text-embedding model: weights from its GGUF file, else F16 from the
 * parameter count (said in the reasons); tokens/s compute-bound, 2 FLOPs per parameter per token.
 */
import { AUX_THRESHOLDS as T, auxLevel, computeOf, placeAux, placementReason } from './fit-aux.js'
import {
  auxBasis,
  auxHead,
  runningAux,
  singleModelFile,
  tooBigAux,
  unsizedAux,
} from './fit-aux-result.js'
import type { AuxFitResult } from './fit-aux-types.js'
import { GIB, machineOf } from './fit-machine.js'
import type { FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import { fileSizeBytes, type EmbeddingModel } from './model-catalog.js'

// Activations for a 512-token batch of a BERT-large-sized encoder are tens of MiB; 0.25 GiB is a
// margin that also covers the runtime's own buffers.
const EMBEDDING_COMPUTE_BYTES = 0.25 * GIB

/** Memory and tokens/s of an embedding model (GGUF file, else F16 weights from the parameter count). */
export function assessEmbeddingFit(
  model: EmbeddingModel,
  hw: HardwareProfile,
  data: FitData,
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const sized = model.files
    .map((f) => ({ f, bytes: fileSizeBytes(f) }))
    .filter((x) => Number.isFinite(x.bytes))
  const head = auxHead(
    model,
    sized.length > 0 ? [...new Set(sized.map((x) => x.f.quant))] : ['F16'],
  )
  const params = model.params.totalB
  if (params == null)
    return unsizedAux(
      head,
      [`Cannot size ${model.name}: the catalog lacks its parameter count`],
      0,
      m,
    )
  const file = sized.length > 0 ? sized.reduce((a, b) => (b.bytes < a.bytes ? b : a)) : null
  const weights = file?.bytes ?? params * 1e9 * 2
  const plan = placeAux(m, {
    coreBytes: weights,
    offloadableBytes: 0,
    computeBytes: EMBEDDING_COMPUTE_BYTES,
  })
  const reasons = [placementReason(plan, m)]
  if (file == null)
    reasons.push(
      'No GGUF file in the catalog: weights taken as F16 (2 bytes per parameter, how Ollama ships embedding models)',
    )
  const format = file?.f.quant ?? 'F16'
  const sizing = {
    quant: format,
    files: [singleModelFile(model.name, format, file?.f ?? null, weights)],
    plan,
  }
  if (plan.placement === 'none') return tooBigAux(head, sizing, reasons)
  const c = computeOf(plan, m, data)
  // Embedding a batch is one prompt pass: 2 FLOPs per parameter per token, compute-bound.
  const tokensPerSec = (c.tflops * 1e12 * c.computeEfficiency) / (2 * params * 1e9)
  const level = auxLevel(
    plan,
    tokensPerSec >= T.embedding.runsWellTokensPerSec,
    tokensPerSec >= T.embedding.usableTokensPerSec,
  )
  reasons.push(`About ${Math.round(tokensPerSec)} tokens/s embedded (batched, compute-bound)`)
  return runningAux(
    head,
    sizing,
    {
      kind: 'embedding',
      tokensPerSec,
      basis: auxBasis(
        c,
        `${c.tflops.toFixed(1)} TFLOPS x ${c.computeEfficiency} efficiency / (2 x ${params} B parameters)`,
        {},
      ),
    },
    level,
    reasons,
  )
}
