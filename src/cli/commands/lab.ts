/**
 * `homelab-ai lab plan STACK`: plans the AI test VM (sizing, GPU, VMX settings, cloud-init) and
 * optionally writes it out for govc, PowerCLI, Terraform and Ansible. `lab apply` belongs to the
 * vSphere client; it takes the same LabPlan this command prints.
 */
import { defineCommand, type SubCommandsDef } from 'citty'
import type { Context } from '../../app/context.js'
import type { CliIo } from '../run-cli.js'
import type { GpuCatalog } from '../../core/gpu-catalog.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { HostTarget } from '../../core/host-target.js'
import type { Gzip } from '../../core/cloud-init.js'
import type { LabFitFn } from '../../core/lab-model.js'
import type { GpuMode, LabPlan } from '../../core/lab-plan-types.js'
import type { ModelCatalog } from '../../core/model-catalog.js'
import type { StackCatalog, UbuntuRelease } from '../../core/stack-catalog.js'
import { UsageError } from '../../core/errors.js'
import { parseStaticNetwork } from '../../core/lab-input.js'
import { planLab } from '../../core/lab-plan.js'
import { applyWhatIf, parseWhatIfArgs } from '../../core/what-if.js'
import { whatIfArgs } from '../args.js'
import { formatLabPlan } from '../format/lab-plan-text.js'
import { gzipBytes } from '../../adapters/lab/encode-guestinfo.js'

/** The connection flags of `lab plan --server` (govc's environment fills the rest). */
export interface ServerTargetArgs {
  readonly server: string
  readonly username?: string
  readonly thumbprint?: string
  readonly 'ca-file'?: string
  readonly host?: string
}

/** What the lab command needs from the outside world; tests pass fakes. */
export interface LabContext {
  readonly io: CliIo
  loadCatalogs(): Promise<{ stacks: StackCatalog; models: ModelCatalog; gpus: GpuCatalog }>
  /** `--target FILE`: a host.json (HostTarget) or a probe profile. */
  loadTarget(file: string): Promise<HardwareProfile | HostTarget>
  /** This machine, for what-if flags without a target. */
  probeHardware(): Promise<HardwareProfile>
  /** `--server URL`: a host of a live vCenter or ESXi (`--host NAME`, else the best GPU host). */
  loadServerTarget?(args: ServerTargetArgs): Promise<HostTarget>
  readTextFile(file: string): Promise<string>
  writeExports(plan: LabPlan, dir: string): Promise<string[]>
  /** The fit engine; absent, the planner estimates model memory from file sizes. */
  loadFit?(): Promise<LabFitFn>
  readonly gzip?: Gzip
}

const GPU_MODES: readonly GpuMode[] = ['passthrough', 'dynamic', 'vgpu', 'none']

/** Builds the LabContext from the real adapters, loaded lazily. */
export function labContextFrom(ctx: Context): LabContext {
  return {
    io: ctx.io,
    gzip: gzipBytes,
    async loadCatalogs() {
      const [{ loadStackCatalog }, { loadModelCatalog }] = await Promise.all([
        import('../../adapters/lab/load-stack-catalog.js'),
        import('../../adapters/catalog/load-model-catalog.js'),
      ])
      const [stacks, models, gpus] = await Promise.all([
        loadStackCatalog(),
        loadModelCatalog(),
        ctx.loadGpuCatalog(),
      ])
      return { stacks, models, gpus }
    },
    async loadTarget(file) {
      const { loadLabTarget } = await import('../../adapters/lab/load-target.js')
      return loadLabTarget(file)
    },
    probeHardware: () => ctx.probeHardware(),
    async loadServerTarget(args) {
      const [{ connectFromArgs }, { hostTargetFromServer }] = await Promise.all([
        import('./inventory.js'),
        import('../../adapters/vsphere/host-for-plan.js'),
      ])
      const client = await connectFromArgs(ctx, args)
      try {
        return await hostTargetFromServer(client, args.host)
      } finally {
        await client.close()
      }
    },
    async readTextFile(file) {
      const { readFile } = await import('node:fs/promises')
      try {
        return await readFile(file, 'utf8')
      } catch (error) {
        const { InputFileError } = await import('../../core/errors.js')
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
        throw new InputFileError(`cannot read ${file} (${code})`, { cause: error })
      }
    },
    async writeExports(plan, dir) {
      const { writeExports } = await import('../../adapters/lab/write-exports.js')
      return writeExports(plan, dir)
    },
    async loadFit() {
      const [{ loadFitData }, { bestFit }] = await Promise.all([
        import('../../adapters/catalog/load-fit-data.js'),
        import('../../core/fit.js'),
      ])
      const data = await loadFitData()
      return (model, vm) => bestFit(model, vm, data).result
    },
  }
}

function pickGpuMode(value: string | undefined, accelerator: string): GpuMode {
  if (value == null) return accelerator === 'nvidia-gpu' ? 'passthrough' : 'none'
  if (!(GPU_MODES as readonly string[]).includes(value))
    throw new UsageError(`--gpu-mode must be one of ${GPU_MODES.join(', ')}, got ${value}`)
  return value as GpuMode
}

function parseMmio(value: string | undefined): number | undefined {
  if (value == null) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 65536)
    throw new UsageError(`--mmio-gb must be a whole number of GB, got ${value}`)
  return n
}

const planArgs = {
  stack: {
    type: 'positional',
    required: true,
    description:
      'Stack id: chat, llama-server, comfyui, sd-webui, jupyter, tensorflow, coral, or a -cpu variant',
  },
  model: {
    type: 'string',
    description: 'Model to serve (catalog id, Ollama tag or Hugging Face repo)',
    valueHint: 'MODEL',
  },
  'gpu-mode': {
    type: 'string',
    description: 'passthrough (DirectPath), dynamic (Dynamic DirectPath), vgpu or none',
    valueHint: 'MODE',
  },
  'vgpu-profile': {
    type: 'string',
    description: 'vGPU profile, e.g. grid_a100-20c',
    valueHint: 'PROFILE',
  },
  server: {
    type: 'string',
    description: 'Plan for a host of this vCenter or ESXi (GOVC_USERNAME / GOVC_PASSWORD)',
    valueHint: 'URL',
  },
  username: {
    type: 'string',
    description: 'vCenter / ESXi user with --server (default: $GOVC_USERNAME)',
  },
  thumbprint: {
    type: 'string',
    description: "With --server: pin the certificate's SHA-256 fingerprint",
    valueHint: 'SHA256',
  },
  'ca-file': {
    type: 'string',
    description: 'With --server: trust the CA certificate(s) in this PEM file',
    valueHint: 'PEM',
  },
  host: {
    type: 'string',
    description: 'With --server: plan for this host (default: the one with the most GPU memory)',
    valueHint: 'NAME',
  },
  target: {
    type: 'string',
    description: 'host.json of the ESXi host (vSphere inventory) or a saved probe profile',
    valueHint: 'FILE',
  },
  name: { type: 'string', description: 'VM name (default: ai-lab-STACK)', valueHint: 'NAME' },
  hostname: {
    type: 'string',
    description: 'Guest hostname (default: from the VM name)',
    valueHint: 'HOST',
  },
  user: {
    type: 'string',
    description: 'Guest user to create (default: labadmin)',
    valueHint: 'USER',
  },
  'ssh-key': {
    type: 'string',
    description: 'Public key file for the guest user',
    valueHint: 'FILE',
  },
  ip: {
    type: 'string',
    description: 'Static address with prefix, e.g. 192.168.1.50/24 (default: DHCP)',
    valueHint: 'CIDR',
  },
  gateway: { type: 'string', description: 'Default gateway with --ip', valueHint: 'IP' },
  dns: {
    type: 'string',
    description: 'DNS servers with --ip, comma-separated',
    valueHint: 'IP[,IP]',
  },
  ubuntu: {
    type: 'string',
    description: 'Guest release: 22.04 or 24.04 (default 24.04)',
    valueHint: 'VERSION',
  },
  datastore: {
    type: 'string',
    description: "Datastore (default: the target's with most free space)",
    valueHint: 'NAME',
  },
  network: {
    type: 'string',
    description: 'Port group (default: the target\'s first, or "VM Network")',
    valueHint: 'NAME',
  },
  template: {
    type: 'string',
    description: 'Ubuntu cloud-image template to clone (default: ubuntu-VERSION-cloudimg)',
    valueHint: 'NAME',
  },
  'consumer-gpu': {
    type: 'boolean',
    description: 'GeForce card: also set hypervisor.cpuid.v0 = FALSE',
  },
  'mmio-gb': {
    type: 'string',
    description: 'Override pciPassthru.64bitMMIOSizeGB (a power of two)',
    valueHint: 'GB',
  },
  out: {
    type: 'string',
    description:
      'Write user-data, meta-data, govc.sh, powercli.ps1, main.tf, playbook.yml, README.md here',
    valueHint: 'DIR',
  },
  json: { type: 'boolean', description: 'Print the plan as JSON' },
  ...whatIfArgs,
} as const

async function resolveTarget(
  lab: LabContext,
  args: {
    server?: string
    username?: string
    thumbprint?: string
    'ca-file'?: string
    host?: string
    target?: string
    profile?: string
    gpu?: string
    vram?: string
    ram?: string
    cores?: string
  },
): Promise<HardwareProfile | HostTarget | null> {
  const file = args.target ?? args.profile
  const overrides = parseWhatIfArgs(args)
  const whatIf = args.gpu != null || args.vram != null || args.ram != null || args.cores != null
  if (args.server != null) {
    if (file != null || whatIf)
      throw new UsageError(
        '--server plans for a live host: leave out --target, --profile and what-if flags',
      )
    if (lab.loadServerTarget == null) throw new UsageError('--server is not available here')
    return lab.loadServerTarget({ ...args, server: args.server })
  }
  if (args.host != null) throw new UsageError('--host names a host of --server URL')
  const base = file != null ? await lab.loadTarget(file) : whatIf ? await lab.probeHardware() : null
  if (!whatIf || base == null) return base
  if ('kind' in base && base.kind === 'vsphere-host')
    throw new UsageError(
      'what-if flags (--gpu, --vram, --ram, --cores) apply to probe profiles, not to a host.json',
    )
  const { gpus } = await lab.loadCatalogs()
  return applyWhatIf(base as HardwareProfile, overrides, gpus)
}

/** `homelab-ai lab`: `plan` here; `apply` (vSphere) is passed in by main.ts as an extra. */
export const labCommand = (lab: LabContext, extra: SubCommandsDef = {}) =>
  defineCommand({
    meta: {
      name: 'lab',
      description:
        'Plan the AI test VM for a stack, and export it for govc, PowerCLI, Terraform and Ansible',
    },
    subCommands: {
      ...extra,
      plan: defineCommand({
        meta: {
          name: 'plan',
          description: 'Plan the VM (size, GPU, VMX settings, cloud-init) for one stack',
        },
        args: planArgs,
        async run({ args }): Promise<LabPlan> {
          const ubuntu = (args.ubuntu ?? '24.04') as UbuntuRelease
          if (ubuntu !== '22.04' && ubuntu !== '24.04')
            throw new UsageError(`--ubuntu must be 22.04 or 24.04, got ${String(args.ubuntu)}`)
          if (args.ip == null && (args.gateway != null || args.dns != null))
            throw new UsageError('--gateway and --dns need --ip')
          const network =
            args.ip != null ? parseStaticNetwork(args.ip, args.gateway, args.dns) : 'dhcp'
          const mmioSizeGB = parseMmio(args['mmio-gb'])
          const [data, target, sshKey] = await Promise.all([
            lab.loadCatalogs(),
            resolveTarget(lab, args),
            args['ssh-key'] != null
              ? lab.readTextFile(args['ssh-key'])
              : Promise.resolve(undefined),
          ])
          const stackId = args.stack.trim().toLowerCase()
          const accelerator =
            data.stacks.stacks.find((s) => s.id === stackId)?.accelerator ?? 'nvidia-gpu'
          const fit = lab.loadFit != null ? await lab.loadFit() : undefined
          const plan = planLab(
            {
              stackId,
              ...(args.model != null ? { modelId: args.model } : {}),
              gpuMode: pickGpuMode(args['gpu-mode'], accelerator),
              ...(args['vgpu-profile'] != null ? { vgpuProfile: args['vgpu-profile'] } : {}),
              name: args.name ?? `ai-lab-${stackId}`,
              target,
              guest: {
                ubuntu,
                user: args.user ?? 'labadmin',
                ...(sshKey != null ? { sshKey } : {}),
                ...(args.hostname != null ? { hostname: args.hostname } : {}),
                network,
              },
              options: {
                consumerGpu: args['consumer-gpu'] === true,
                ...(mmioSizeGB != null ? { mmioSizeGB } : {}),
                ...(args.datastore != null ? { datastore: args.datastore } : {}),
                ...(args.network != null ? { network: args.network } : {}),
                ...(args.template != null ? { template: args.template } : {}),
              },
            },
            {
              ...data,
              ...(fit != null ? { fit } : {}),
              ...(lab.gzip != null ? { gzip: lab.gzip } : {}),
            },
          )
          const written = args.out != null ? await lab.writeExports(plan, args.out) : []
          if (args.json === true) lab.io.stdout(JSON.stringify(plan, null, 2))
          else lab.io.stdout(formatLabPlan(plan, written))
          return plan
        },
      }),
    },
  })
