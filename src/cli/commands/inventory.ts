import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import { InputFileError, UsageError } from '../../core/errors.js'
import type { HostFitSummary } from '../../adapters/vsphere/host-fit.js'
import type { VsphereClient, VsphereClientOptions } from '../../adapters/vsphere/client.js'
import type {
  ClusterInventory,
  InventoryHost,
  InventoryNetwork,
} from '../../adapters/vsphere/inventory.js'
import { inventoryHostView } from '../../adapters/vsphere/to-host-view.js'
import type { InventoryHostView } from '../../core/inventory-host-view.js'
import { loadFitCatalogs, type FitContext } from '../fit-context.js'

/** What the vSphere commands need beyond the shared Context; tests pass fakes. */
export interface VsphereCommandContext extends FitContext {
  /** Reads a password without echo; default: the terminal (null without one). */
  askSecret?(question: string): Promise<string | null>
  /** Opens a client; default: createVsphereClient(options) + connect(). */
  connectVsphere?(options: VsphereClientOptions): Promise<VsphereClient>
}

/** Flags shared by `inventory` and `lab apply`. */
export const vsphereArgs = {
  server: {
    type: 'string',
    description: 'vCenter or ESXi URL or host name (default: $GOVC_URL)',
    valueHint: 'URL',
  },
  username: { type: 'string', description: 'User (default: $GOVC_USERNAME or the URL)' },
  thumbprint: {
    type: 'string',
    description: "Pin the server certificate's SHA-256 fingerprint",
    valueHint: 'SHA256',
  },
  'ca-file': {
    type: 'string',
    description: 'Trust the CA certificate(s) in this PEM file (default: $GOVC_TLS_CA_CERTS)',
    valueHint: 'PEM',
  },
} as const

interface ConnectionArgs {
  readonly server?: string
  readonly username?: string
  readonly thumbprint?: string
  readonly 'ca-file'?: string
}

/**
 * Resolves where and as whom to connect: flags, then govc's environment variables, then the URL;
 * the password comes from $GOVC_PASSWORD, the URL, or a prompt when a terminal is attached.
 */
export async function connectFromArgs(
  ctx: VsphereCommandContext,
  args: ConnectionArgs,
): Promise<VsphereClient> {
  const { normalizeSdkUrl, createVsphereClient } = await import('../../adapters/vsphere/client.js')
  const raw = args.server ?? ctx.env.GOVC_URL
  if (raw == null || raw === '') throw new UsageError('give --server URL (or set GOVC_URL)')
  const fromUrl = normalizeSdkUrl(raw)
  const username = args.username ?? ctx.env.GOVC_USERNAME ?? (fromUrl.username || undefined)
  if (username == null) throw new UsageError('give --username (or set GOVC_USERNAME)')
  let password = ctx.env.GOVC_PASSWORD ?? (fromUrl.password || undefined)
  if (password == null) {
    const ask: (q: string) => Promise<string | null> =
      ctx.askSecret?.bind(ctx) ??
      (await import('../../adapters/vsphere/ask-password.js').then((m) => m.askPassword))
    password =
      (ctx.isTty ? await ask(`Password for ${username}@${fromUrl.url.host}: `) : null) ?? undefined
    if (password == null)
      throw new UsageError('no password: set GOVC_PASSWORD (no terminal to ask on)')
  }
  const options: VsphereClientOptions = {
    url: fromUrl.url.toString(),
    username,
    password,
    thumbprint: args.thumbprint,
    caFile: args['ca-file'] ?? ctx.env.GOVC_TLS_CA_CERTS,
  }
  if (ctx.connectVsphere != null) return ctx.connectVsphere(options)
  const client = createVsphereClient(options)
  await client.connect()
  return client
}

/** The `--json` shape: stable field names for scripts. */
export interface InventoryView {
  readonly server: ClusterInventory['server']
  readonly datacenters: readonly string[]
  readonly clusters: readonly {
    readonly name: string
    readonly datacenter: string | null
    readonly hosts: number
  }[]
  /** Each host's view, with the catalog models that run best on it (null when unknown). */
  readonly hosts: readonly (InventoryHostView & {
    readonly bestModels: HostFitSummary['bestModels'] | null
  })[]
  readonly datastores: readonly {
    readonly name: string
    readonly capacityGiB: number
    readonly freeGiB: number
    readonly type: string
  }[]
  /** The inventory's networks without their managed-object ids. */
  readonly networks: readonly Omit<InventoryNetwork, 'id'>[]
  readonly vms: readonly {
    readonly name: string
    readonly powerState: string
    readonly host: string | null
    readonly gpus: number
  }[]
  /** Why best models are missing (fit engine or catalog not available), else null. */
  readonly fitNote: string | null
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** Builds the view; `fits` maps host id → its fit summary (empty when the fit engine failed). */
export function inventoryView(
  inv: ClusterInventory,
  fits: ReadonlyMap<string, HostFitSummary>,
  readiness: (h: InventoryHost) => { readiness: string; notes: string[] },
  fitNote: string | null,
): InventoryView {
  const hostName = new Map(inv.hosts.map((h) => [h.id, h.name]))
  return {
    server: inv.server,
    datacenters: inv.datacenters.map((d) => d.name),
    clusters: inv.clusters.map((c) => ({
      name: c.name,
      datacenter: c.datacenter,
      hosts: c.hostIds.length,
    })),
    hosts: inv.hosts.map((h) => {
      const fit = fits.get(h.id)
      const ready = fit ?? readiness(h)
      return { ...inventoryHostView(h, ready), bestModels: fit?.bestModels ?? null }
    }),
    datastores: inv.datastores.map((d) => ({
      name: d.name,
      capacityGiB: round1(d.capacityGiB),
      freeGiB: round1(d.freeGiB),
      type: d.type,
    })),
    networks: inv.networks.map((n) => ({
      name: n.name,
      kind: n.kind,
      portgroupKey: n.portgroupKey,
      switchUuid: n.switchUuid,
      switchName: n.switchName,
      uplink: n.uplink,
    })),
    vms: inv.vms.map((v) => ({
      name: v.name,
      powerState: v.powerState,
      host: v.hostId == null ? null : (hostName.get(v.hostId) ?? null),
      gpus: v.gpus.length,
    })),
    fitNote,
  }
}

/** Plain-text inventory: one block per host, then datastores and a VM count. */
export function formatInventory(view: InventoryView): string {
  const lines = [`${view.server.fullName} (${view.server.apiType})`, '']
  for (const h of view.hosts) {
    lines.push(
      `${h.name}${h.cluster == null ? '' : `  [cluster ${h.cluster}]`}  ESXi ${h.esxVersion ?? '?'}  ${h.cpuCores ?? '?'} cores  ${h.memoryGiB ?? '?'} GiB`,
    )
    for (const g of h.gpus) {
      const vram = g.vramMiB == null ? '' : ` ${round1(g.vramMiB / 1024)} GiB`
      const state = g.passthroughActive
        ? 'passthrough active'
        : g.passthroughEnabled
          ? 'passthrough enabled (reboot pending)'
          : g.passthroughCapable
            ? 'passthrough capable, off'
            : 'no passthrough'
      lines.push(`  GPU ${g.name} ${g.pciId} at ${g.busId}${vram}: ${state}`)
    }
    if (h.vgpuProfiles.length > 0) lines.push(`  vGPU profiles: ${h.vgpuProfiles.join(', ')}`)
    for (const u of h.usbDevices ?? []) {
      const coral =
        u.coral == null
          ? ''
          : ` (Coral USB Accelerator, ${u.coral === 'programmed' ? 'runtime loaded' : 'before its firmware load'})`
      const used = u.inUseBy == null ? '' : `, in use by ${u.inUseBy}`
      lines.push(`  USB ${u.description} ${u.usbId} at ${u.physicalPath ?? '?'}${coral}${used}`)
    }
    lines.push(`  ${h.readiness}: ${h.notes.join('; ')}`)
    for (const m of h.bestModels ?? []) {
      const speed = m.decodeTokensPerSec == null ? '' : `, ~${m.decodeTokensPerSec} tok/s`
      lines.push(`  runs ${m.name} ${m.quant} (${m.level}${speed})`)
    }
  }
  const distributed = view.networks.filter((n) => n.kind === 'DistributedVirtualPortgroup')
  lines.push(
    '',
    `Networks: ${view.networks
      .filter((n) => n.kind !== 'DistributedVirtualPortgroup')
      .map((n) => n.name)
      .join(', ')}`,
  )
  for (const n of distributed)
    lines.push(
      `  distributed port group ${n.name} (key ${n.portgroupKey ?? '?'}, switch ${n.switchName ?? '?'} ${n.switchUuid ?? '?'})${n.uplink ? ': uplinks, not for VMs' : ''}`,
    )
  lines.push('', 'Datastores:')
  for (const d of view.datastores)
    lines.push(`  ${d.name} (${d.type}): ${d.freeGiB} of ${d.capacityGiB} GiB free`)
  const on = view.vms.filter((v) => v.powerState === 'poweredOn').length
  lines.push('', `VMs: ${view.vms.length} (${on} powered on)`)
  if (view.fitNote != null) lines.push(`Note: ${view.fitNote}`)
  return lines.join('\n')
}

/** `homelab-ai inventory --server URL [--json] [--save-profile DIR]`. */
export const inventoryCommand = (ctx: VsphereCommandContext) =>
  defineCommand({
    meta: {
      name: 'inventory',
      description: 'List the hosts, GPUs, datastores and VMs of an ESXi host or vCenter',
    },
    args: {
      ...vsphereArgs,
      json: { type: 'boolean', description: 'Print JSON' },
      'save-profile': {
        type: 'string',
        description: "Write each host's target file (for lab plan --target) into DIR",
        valueHint: 'DIR',
      },
    },
    async run({ args }) {
      const { readInventory } = await import('../../adapters/vsphere/inventory.js')
      const { hostFit, hostReadiness } = await import('../../adapters/vsphere/host-fit.js')
      const client = await connectFromArgs(ctx, args)
      let inv: ClusterInventory
      try {
        inv = await readInventory(client)
      } finally {
        await client.close()
      }
      const fits = new Map<string, HostFitSummary>()
      let fitNote: string | null = null
      try {
        const { catalog, data } = await loadFitCatalogs(ctx)
        for (const h of inv.hosts) fits.set(h.id, hostFit(h, catalog.llm, data))
      } catch (error) {
        // The inventory stands on its own; say why the model column is empty rather than fail.
        fitNote = `best models unavailable: ${error instanceof Error ? error.message : String(error)}`
      }
      const view = inventoryView(inv, fits, hostReadiness, fitNote)
      if (args['save-profile'] != null) {
        const { hostTargetFromInventory } = await import('../../adapters/vsphere/to-host-target.js')
        const dir = args['save-profile']
        try {
          await mkdir(dir, { recursive: true })
          for (const h of inv.hosts) {
            const file = join(dir, `${h.name.replace(/[^\w.-]+/g, '_')}.json`)
            await writeFile(
              file,
              `${JSON.stringify(hostTargetFromInventory(inv, h), null, 2)}\n`,
              'utf8',
            )
          }
        } catch (error) {
          throw new InputFileError(
            `cannot write host files to ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          )
        }
        ctx.io.stderr(`Wrote ${inv.hosts.length} host file(s) to ${dir}`)
      }
      ctx.io.stdout(args.json === true ? JSON.stringify(view, null, 2) : formatInventory(view))
      return view
    },
  })
