/**
 * The Lab page's plan: the same `planLab` call as `homelab-ai lab plan`, with the body's fields
 * for its flags, so `POST /api/lab/plan` answers the JSON that `lab plan --json` prints.
 */
import { gzipBytes } from '../adapters/lab/encode-guestinfo.js'
import { hostTargetFromInventory } from '../adapters/vsphere/to-host-target.js'
import type { ClusterInventory } from '../adapters/vsphere/inventory.js'
import { UnknownNameError, UsageError } from '../core/errors.js'
import { bestFit } from '../core/fit.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { HostTarget } from '../core/host-target.js'
import { parseStaticNetwork } from '../core/lab-input.js'
import { planLab } from '../core/lab-plan.js'
import type { LabPlan } from '../core/lab-plan-types.js'
import type { LabPlanBody } from './api-types.js'
import { planErrorsForApi } from './lab-body.js'
import { hasOverrides } from './request-input.js'
import type { RouteContext } from './routes/route-context.js'

/** The VM name a body asks for: `name`, else `ai-lab-STACK` (as the CLI's default). */
export function vmNameOf(body: LabPlanBody): string {
  return body.name ?? `ai-lab-${body.stackId}`
}

/**
 * What the plan is made for. Rules:
 * - `host`: that host of the vCenter inventory (what-if values are refused with it);
 * - else any what-if value: this machine's latest snapshot with the values applied;
 * - else nothing: a generic plan, as `lab plan` without `--target`.
 */
export async function labTarget(
  { hardware }: RouteContext,
  body: LabPlanBody,
  inventory: () => Promise<ClusterInventory>,
): Promise<HardwareProfile | HostTarget | null> {
  const whatIf = { gpu: body.gpu, vram: body.vram, ram: body.ram, cores: body.cores }
  if (body.host != null) {
    if (hasOverrides(whatIf))
      throw new UsageError(
        'what-if values (gpu, vram, ram, cores) apply to this machine, not to a vCenter host',
      )
    const inv = await inventory()
    const host = inv.hosts.find((h) => h.name === body.host)
    if (host == null)
      throw new UnknownNameError(
        'host',
        body.host.slice(0, 80),
        inv.hosts.map((h) => h.name).slice(0, 8),
      )
    return hostTargetFromInventory(inv, host)
  }
  return hasOverrides(whatIf) ? hardware.withWhatIf(whatIf) : null
}

/** Plans the lab VM for `body` on `target`; bad values are one-line 400s naming the field. */
export async function planForBody(
  { deps }: RouteContext,
  body: LabPlanBody,
  target: HardwareProfile | HostTarget | null,
): Promise<LabPlan> {
  const [stacks, models, gpus, fitData] = await Promise.all([
    deps.loadStackCatalog(),
    deps.loadModelCatalog(),
    deps.loadGpuCatalog(),
    deps.loadFitData(),
  ])
  const accelerator = stacks.stacks.find((s) => s.id === body.stackId)?.accelerator
  try {
    const network =
      body.ip != null ? parseStaticNetwork(body.ip, body.gateway, body.dns) : ('dhcp' as const)
    return planLab(
      {
        stackId: body.stackId,
        ...(body.modelId != null ? { modelId: body.modelId } : {}),
        // As the CLI: GPU stacks default to DirectPath, the others to no GPU.
        gpuMode:
          body.gpuMode ??
          (accelerator == null || accelerator === 'nvidia-gpu' ? 'passthrough' : 'none'),
        ...(body.vgpuProfile != null ? { vgpuProfile: body.vgpuProfile } : {}),
        name: vmNameOf(body),
        target,
        guest: {
          ubuntu: body.ubuntu ?? '24.04',
          user: body.user ?? 'labadmin',
          ...(body.sshKey != null ? { sshKey: body.sshKey } : {}),
          ...(body.hostname != null ? { hostname: body.hostname } : {}),
          network,
        },
        options: {
          consumerGpu: body.consumerGpu === true,
          ...(body.mmioGB != null ? { mmioSizeGB: body.mmioGB } : {}),
          ...(body.datastore != null ? { datastore: body.datastore } : {}),
          ...(body.network != null ? { network: body.network } : {}),
          ...(body.template != null ? { template: body.template } : {}),
        },
      },
      {
        stacks,
        models,
        gpus,
        fit: (model, vm) => bestFit(model, vm, fitData).result,
        gzip: gzipBytes,
      },
    )
  } catch (error) {
    throw planErrorsForApi(error)
  }
}
