import { defineCommand } from 'citty'
import type { ApplyPreview, ApplyResult } from '../../adapters/vsphere/apply.js'
import type { ClonePlan } from '../../adapters/vsphere/clone-plan.js'
import type { Placement, PlacementResult } from '../../adapters/vsphere/placement.js'
import type { VmSpec } from '../../adapters/vsphere/vm-spec-xml.js'
import { connectFromArgs, vsphereArgs, type VsphereCommandContext } from './inventory.js'

/** What a dry run shows, and what `--json` prints. */
export interface LabApplyView {
  readonly mode: 'dry-run' | 'applied'
  readonly planHash: string
  readonly vm: VmSpec
  readonly host: string
  readonly datastore: string
  readonly network: string | null
  readonly template: string
  /** What is cloned from where to where; null when the template is missing. */
  readonly clone: ClonePlan | null
  /** Why `--yes` would refuse (missing template, running source VM, leftover folder, a VM of that name), or null. */
  readonly problem: string | null
  readonly reasons: readonly string[]
  readonly rejected: PlacementResult['rejected']
  readonly result: ApplyResult | null
}

/** The clone lines of the dry run: source, target, the clone's changes and what follows. */
export function formatClone(view: LabApplyView): string[] {
  const { clone } = view
  if (clone == null) return [`Template ${view.template}: not found`]
  const source =
    `${clone.templateIsTemplate ? 'template' : 'VM'} ${clone.template} (${clone.templateId}` +
    `${clone.templateHost == null ? '' : `, on ${clone.templateHost}`}, ${clone.templateVersion ?? '?'}` +
    `${clone.templateDiskGiB == null ? '' : `, ${clone.templateDiskGiB} GiB disk`})`
  const where = `on host ${clone.host}, datastore ${clone.datastore}, network ${clone.network ?? 'none'}, powered off`
  // Standalone ESXi has no CloneVM_Task: the template's disk is copied and a VM created on it.
  const lines =
    clone.method === 'copy-disk'
      ? [
          `Copy the disk of ${source}`,
          `  ${clone.sourceDisk ?? '?'} → ${clone.targetDisk ?? '?'} (thin)`,
          `  then CreateVM_Task ${view.vm.name} on that disk ${where}`,
          `  the create spec: ${clone.cloneChanges.join('; ') || 'nothing to change'}`,
        ]
      : [
          `Clone ${source}`,
          `  to VM ${view.vm.name} ${where}`,
          `  the clone's config spec: ${clone.cloneChanges.join('; ') || 'nothing to change'}`,
        ]
  if (clone.upgrade != null)
    lines.push(`  then UpgradeVM_Task: ${clone.upgrade.from ?? '?'} → ${clone.upgrade.to}`)
  if (clone.afterClone.length > 0)
    lines.push(`  then ReconfigVM_Task: ${clone.afterClone.join('; ')}`)
  lines.push(...clone.notes.map((n) => `  note: ${n}`))
  return lines
}

/** The dry-run text: exactly what would be created, where, and why that host. */
export function formatLabApply(view: LabApplyView): string {
  const { vm } = view
  const gpus = vm.pciDevices.map(
    (d) =>
      `${d.mode} ${d.vendorId}:${d.deviceId}${d.vgpuProfile == null ? '' : ` profile ${d.vgpuProfile}`}${d.busId == null ? '' : ` at ${d.busId}`}`,
  )
  const lines = [
    view.mode === 'dry-run'
      ? 'Dry run: nothing was changed. Add --yes to apply.'
      : `Applied: ${view.result?.status ?? ''} (${view.result?.vmId ?? ''})`,
    '',
    ...(view.problem == null ? [] : [`--yes would refuse: ${view.problem}`, '']),
    ...formatClone(view),
    '',
    `VM ${vm.name}  (plan ${view.planHash})`,
    `  on host ${view.host}, datastore ${view.datastore}, network ${view.network ?? 'none'}`,
    `  ${vm.numCpus} vCPU, ${vm.memoryMiB / 1024} GiB RAM${vm.memoryReservationLockedToMax ? ' (all reserved)' : ''}, ${vm.diskGiB} GiB thin disk, ${vm.firmware.toUpperCase()}${vm.secureBoot ? ' + Secure Boot' : ''}, ${vm.hardwareVersion}, ${vm.guestId}`,
    ...(gpus.length > 0 ? [`  PCI: ${gpus.join('; ')}`] : []),
    ...(vm.usbDevices.length > 0
      ? [`  USB: ${vm.usbDevices.map((u) => `${u.vendorId}:${u.productId}`).join(', ')}`]
      : []),
    `  advanced settings: ${Object.keys(vm.extraConfig).join(', ') || 'none'}`,
    '',
    'Why this host:',
    ...view.reasons.map((r) => `  - ${r}`),
  ]
  if (view.rejected.length > 0) {
    lines.push('Not chosen:')
    for (const r of view.rejected) lines.push(`  - ${r.host}: ${r.reasons.join('; ')}`)
  }
  return lines.join('\n')
}

/** `homelab-ai lab apply PLAN_OR_DIR --server URL [--host H] [--datastore D] [--network N] [--template T] [--yes]`. */
export const labApplyCommand = (ctx: VsphereCommandContext) =>
  defineCommand({
    meta: {
      name: 'apply',
      description:
        'Make the lab VM of a plan from its Ubuntu cloud-image template: a clone on vCenter, a disk copy on standalone ESXi (dry run unless --yes)',
    },
    args: {
      plan: {
        type: 'positional',
        required: true,
        description: 'plan.json, or a folder holding one',
      },
      ...vsphereArgs,
      host: { type: 'string', description: 'Put the VM on this host' },
      datastore: { type: 'string', description: 'Use this datastore' },
      network: {
        type: 'string',
        description: 'Connect the NIC to this port group (standard or distributed)',
      },
      template: {
        type: 'string',
        description: "Clone this Ubuntu cloud-image template (default: the plan's)",
        valueHint: 'NAME',
      },
      yes: { type: 'boolean', description: 'Really create the VM' },
      'no-power-on': { type: 'boolean', description: 'Leave the VM powered off' },
      json: { type: 'boolean', description: 'Print JSON' },
    },
    async run({ args }) {
      const { readLabPlanFile, vmSpecFromLab, planHash } =
        await import('../../adapters/vsphere/lab-plan-file.js')
      const { readInventory } = await import('../../adapters/vsphere/inventory.js')
      const { placeVm } = await import('../../adapters/vsphere/placement.js')
      const { applyVm, previewApply } = await import('../../adapters/vsphere/apply.js')
      const { VsphereResourceError } = await import('../../adapters/vsphere/vsphere-errors.js')
      const plan = await readLabPlanFile(args.plan)
      const spec = vmSpecFromLab(plan.vm)
      const hash = planHash(plan)
      const planned = plan.placement.host != null
      const client = await connectFromArgs(ctx, args)
      try {
        const inv = await readInventory(client)
        const { placement, rejected } = placeVm(inv, spec, {
          host: args.host ?? plan.placement.host,
          // The plan's datastore and network were chosen for its host; elsewhere, choose afresh.
          datastore:
            args.datastore ?? (planned && args.host == null ? plan.placement.datastore : null),
          network: args.network ?? (planned && args.host == null ? plan.placement.network : null),
        })
        if (placement == null) {
          const why = rejected.map((r) => `${r.host}: ${r.reasons.join(', ')}`).join('; ')
          throw new VsphereResourceError(
            `no host fits VM ${spec.name}: ${why || 'the inventory has no hosts'}`,
          )
        }
        const applyOptions = {
          template: args.template ?? plan.placement.template,
          ubuntu: plan.guest.request?.ubuntu,
          powerOn: args['no-power-on'] !== true,
        }
        const preview: ApplyPreview = await previewApply(
          client,
          spec,
          placement,
          hash,
          applyOptions,
        )
        const view = (
          mode: LabApplyView['mode'],
          p: Placement,
          result: ApplyResult | null,
        ): LabApplyView => ({
          mode,
          planHash: hash,
          vm: { ...spec, pciDevices: p.pciDevices, usbDevices: p.usbDevices },
          host: p.host.name,
          datastore: p.datastore.name,
          network: p.network?.name ?? null,
          template: applyOptions.template,
          clone: preview.clone,
          problem: preview.problem,
          reasons: p.reasons,
          rejected,
          result,
        })
        if (args.yes !== true) {
          const dry = view('dry-run', placement, null)
          ctx.io.stdout(args.json === true ? JSON.stringify(dry, null, 2) : formatLabApply(dry))
          return dry
        }
        const result = await applyVm(client, spec, placement, hash, {
          ...applyOptions,
          onProgress: (e) =>
            ctx.io.stderr(`[${e.step}] ${e.message}${e.percent == null ? '' : ` ${e.percent}%`}`),
        })
        const done = view('applied', placement, result)
        ctx.io.stdout(
          args.json === true
            ? JSON.stringify(done, null, 2)
            : result.status === 'unchanged'
              ? `VM ${spec.name} already exists from this plan (${result.vmId}): nothing to do.`
              : formatLabApply(done),
        )
        return done
      } finally {
        await client.close()
      }
    },
  })
