/**
 * `npm run fit:efficiency`: fits the efficiency factors in catalog/speed-efficiency.json on the
 * rows of catalog/validation/measurements.csv that are NOT held out (README "Held-out sources")
 * and whose speed is scored (README "Rows whose speed is not scored"), and writes the file.
 * Re-runnable; the result depends only on the CSV and catalogs. The method is described in
 * scripts/efficiency-fit.ts.
 */
import { writeFileSync } from 'node:fs'
import { fitEfficiency } from './efficiency-fit.js'
import { fittable, loadCasesOrExit } from './validation-rows.js'

const OUT = new URL('../catalog/speed-efficiency.json', import.meta.url)
const loaded = await loadCasesOrExit()
const out = fitEfficiency(loaded, loaded.cases.filter(fittable))
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`)
console.log(
  JSON.stringify(
    {
      ...out,
      entries: out.entries.map(
        (e) =>
          `${e.key} decode ${e.decode} +${e.decodeOverheadUsPerLayer}us/layer prefill ${e.prefill} (${e.rows})`,
      ),
    },
    null,
    1,
  ).slice(0, 3000),
)
