import { Hono } from 'hono'
import { renderExports } from '../../adapters/lab/write-exports.js'
import { buildZip } from '../../adapters/lab/zip.js'
import type { LabExportsResponse, StacksResponse } from '../api-types.js'
import { validateLabPlanBody } from '../lab-body.js'
import { labTarget, planForBody } from '../lab-planning.js'
import { readJsonBody } from '../request-input.js'
import type { RouteContext } from './route-context.js'
import { readVcenterInventory } from './lab-vsphere.js'

/** Scripts keep their execute bit in the zip, as `lab plan --out` sets it on disk. */
const EXECUTABLE = new Set(['govc.sh'])

/**
 * The Lab page's planning routes: GET /stacks (the picker), POST /lab/plan (the LabPlan),
 * POST /lab/exports (each export file's text) and POST /lab/exports.zip (all of them, zipped).
 * They change nothing, but take a body; the same-origin guard applies to them as to any POST.
 */
export function labRoutes(ctx: RouteContext): Hono {
  const { deps } = ctx
  const plan = async (json: unknown) => {
    const body = validateLabPlanBody(json)
    const target = await labTarget(ctx, body, () => readVcenterInventory(deps))
    return planForBody(ctx, body, target)
  }
  return new Hono()
    .get('/stacks', async (c) => {
      const [catalog, models] = await Promise.all([
        deps.loadStackCatalog(),
        deps.loadModelCatalog(),
      ])
      const body: StacksResponse = {
        stacks: catalog.stacks.map((s) => ({
          id: s.id,
          name: s.name,
          description: s.description,
          accelerator: s.accelerator,
          cpuVariantOf: s.cpuVariantOf,
          model: s.model,
          ubuntu: s.ubuntu,
          requirements: s.requirements,
          ports: s.ports,
          notes: s.notes,
        })),
        models: [...models.llm, ...models.image].map((m) => ({
          id: m.id,
          name: m.name,
          kind: m.kind,
          family: m.family,
        })),
      }
      return c.json(body)
    })
    .post('/lab/plan', async (c) => c.json(await plan(await readJsonBody(c))))
    .post('/lab/exports', async (c) => {
      const files = renderExports(await plan(await readJsonBody(c)))
      const body: LabExportsResponse = {
        files: Object.entries(files).map(([name, content]) => ({ name, content })),
      }
      return c.json(body)
    })
    .post('/lab/exports.zip', async (c) => {
      const planned = await plan(await readJsonBody(c))
      // The folder inside the zip is the VM name made safe for every file system.
      const folder = planned.vm.name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_')
      const zip = buildZip(
        Object.entries(renderExports(planned)).map(([name, content]) => ({
          name: `${folder}/${name}`,
          content,
          mode: EXECUTABLE.has(name) ? 0o755 : 0o644,
        })),
        deps.now(),
      )
      return c.body(zip, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${folder}.zip"`,
        'cache-control': 'no-store',
      })
    })
}
