/**
 * `npm run bench:fit`: time to rank the whole LLM catalog (every model x every quantization x
 * 4 context sizes) against one machine; median of 20 runs after 3 warm-ups. Target: < 20 ms.
 */
import { readFileSync } from 'node:fs'
import { loadGpuCatalog } from '../src/adapters/catalog/load-gpu-catalog.js'
import { loadModelCatalog } from '../src/adapters/catalog/load-model-catalog.js'
import { rankModels } from '../src/core/fit.js'
import { validateSpeedEfficiency } from '../src/core/speed-efficiency.js'
import { rtx3090Box } from '../src/core/test-hardware.js'

const catalog = await loadModelCatalog()
const data = {
  gpus: await loadGpuCatalog(),
  quants: catalog.quantizations,
  efficiency: validateSpeedEfficiency(
    JSON.parse(readFileSync(new URL('../catalog/speed-efficiency.json', import.meta.url), 'utf8')),
  ),
}
const hw = rtx3090Box()
// A fixed reference loop, so a slow or shared machine shows as such next to the result
// (a 2020s desktop core runs it in ~80-120 ms).
const r0 = performance.now()
let acc = 0
for (let i = 0; i < 1e8; i++) acc += i * 0.5
const referenceMs = performance.now() - r0
const quants = catalog.quantizations.map((q) => q.name)
const times: number[] = []
for (let i = 0; i < 23; i++) {
  const t0 = performance.now()
  rankModels(catalog.llm, hw, data, { quants })
  if (i >= 3) times.push(performance.now() - t0)
}
times.sort((a, b) => a - b)
const median = ((times[9] ?? 0) + (times[10] ?? 0)) / 2
console.log(
  `reference loop (1e8 adds, checksum ${acc > 0 ? 'ok' : '?'}): ${referenceMs.toFixed(0)} ms`,
)
console.log(
  `rankModels: ${catalog.llm.length} models x ${quants.length} quantizations x 4 contexts`,
)
console.log(
  `median of 20 runs: ${median.toFixed(2)} ms (min ${times[0]?.toFixed(2)}, max ${times[19]?.toFixed(2)}); target < 20 ms: ${median < 20 ? 'MET' : 'MISSED'}`,
)
