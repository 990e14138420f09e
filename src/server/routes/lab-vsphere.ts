import { Hono } from 'hono'
import { applyVm, previewApply } from '../../adapters/vsphere/apply.js'
import { readInventory, type ClusterInventory } from '../../adapters/vsphere/inventory.js'
import { planHash, vmSpecFromLab } from '../../adapters/vsphere/lab-plan-file.js'
import { placeVm } from '../../adapters/vsphere/placement.js'
import { VsphereResourceError } from '../../adapters/vsphere/vsphere-errors.js'
import { UsageError } from '../../core/errors.js'
import type { VsphereStatusResponse } from '../api-types.js'
import type { ServerDeps } from '../server-deps.js'
import { validateLabApplyBody } from '../lab-body.js'
import { labTarget, planForBody, vmNameOf } from '../lab-planning.js'
import { applyResponse, inventoryResponse } from '../lab-vsphere-views.js'
import { readJsonBody } from '../request-input.js'
import { NO_VCENTER, NoVcenterError, type VsphereAccess } from '../vsphere-access.js'
import type { RouteContext } from './route-context.js'

function vcenterOf(deps: ServerDeps): VsphereAccess {
  if (deps.vsphere == null) throw new NoVcenterError(NO_VCENTER)
  return deps.vsphere
}

/** Opens a session, reads the whole inventory and closes the session. */
export async function readVcenterInventory(deps: ServerDeps): Promise<ClusterInventory> {
  const client = await vcenterOf(deps).connect()
  try {
    return await readInventory(client)
  } finally {
    await client.close()
  }
}

/**
 * GET /vsphere (configured or not), GET /vsphere/inventory and POST /lab/apply, against the vCenter the server was started with.
 * Apply rules, as `homelab-ai lab apply`:
 * - `dryRun: true` changes nothing: the VM, the host it would go to and why, the hosts left out,
 *   and what is cloned from where (the plan's template; `template` in the body names another);
 * - otherwise `confirm` must be the plan's VM name (the CLI's --yes), checked before connecting;
 * - the token and same-origin guards of every POST apply.
 */
export function labVsphereRoutes(ctx: RouteContext): Hono {
  const { deps } = ctx
  return new Hono()
    .get('/vsphere', (c) => {
      const body: VsphereStatusResponse =
        deps.vsphere == null
          ? { configured: false, message: NO_VCENTER }
          : { configured: true, url: deps.vsphere.url }
      return c.json(body)
    })
    .get('/vsphere/inventory', async (c) => {
      const access = vcenterOf(deps)
      return c.json(inventoryResponse(access.url, await readVcenterInventory(deps)))
    })
    .post('/lab/apply', async (c) => {
      const body = validateLabApplyBody(await readJsonBody(c))
      const access = vcenterOf(deps)
      const name = vmNameOf(body)
      if (!body.dryRun && body.confirm !== name)
        throw new UsageError(
          `to create the VM, type its name to confirm: confirm must be ${JSON.stringify(name)}`,
        )
      const client = await access.connect()
      try {
        const inv = await readInventory(client)
        const plan = await planForBody(
          ctx,
          body,
          await labTarget(ctx, body, () => Promise.resolve(inv)),
        )
        const spec = vmSpecFromLab(plan.vm)
        const hash = planHash(plan)
        const placed = placeVm(inv, spec, {
          host: body.host ?? null,
          datastore: body.datastore ?? null,
          network: body.network ?? null,
        })
        const options = {
          template: plan.placement.template,
          ubuntu: plan.guest.request.ubuntu,
          powerOn: body.powerOn !== false,
        }
        if (body.dryRun || placed.placement == null) {
          if (!body.dryRun) {
            const why = placed.rejected.map((r) => `${r.host}: ${r.reasons.join(', ')}`).join('; ')
            throw new VsphereResourceError(
              `no host fits VM ${spec.name}: ${why || 'the inventory has no hosts'}`,
            )
          }
          const preview =
            placed.placement == null
              ? null
              : await previewApply(client, spec, placed.placement, hash, options)
          return c.json(
            applyResponse(spec, hash, placed, plan.warnings, null, [], {
              template: options.template,
              preview,
            }),
          )
        }
        const progress: string[] = []
        const result = await applyVm(client, spec, placed.placement, hash, {
          ...options,
          onProgress: (e) =>
            progress.push(`[${e.step}] ${e.message}${e.percent == null ? '' : ` ${e.percent}%`}`),
        })
        return c.json(
          applyResponse(spec, hash, placed, plan.warnings, result, progress, {
            template: options.template,
            preview: null,
          }),
        )
      } finally {
        await client.close()
      }
    })
}
