/**
 * The lab planner: one stack, one model and a target become the VM to create (sizing, GPU,
 * VMX settings, each with its reason and source) and its cloud-init bootstrap. Pure: the fit
 * engine and gzip come in as parameters, and a plan that cannot work says so in `warnings`.
 */
import { UnknownNameError, UsageError } from './errors.js'
import type { GpuCatalog } from './gpu-catalog.js'
import type { HardwareProfile } from './hardware.js'
import type { HostTarget } from './host-target.js'
import type { ModelCatalog } from './model-catalog.js'
import { findModel, suggestModels } from './model-lookup.js'
import {
  findStack,
  type StackCatalog,
  type StackEntry,
  type UbuntuRelease,
} from './stack-catalog.js'
import {
  buildCloudInit,
  chooseGuestinfoEncoding,
  encodeGuestinfo,
  type Gzip,
  type StaticNetwork,
} from './cloud-init.js'
import {
  checkHostname,
  checkUser,
  checkVmName,
  hostnameFromVmName,
  parseSshKeys,
} from './lab-input.js'
import { imageLabModel, llmLabModel, llmMemory, type LabFitFn, type LabModel } from './lab-model.js'
import { plannedVmProfile, viewTarget } from './lab-target.js'
import {
  VSPHERE_PASSTHROUGH_DOC,
  collector,
  directDevice,
  effectiveMode,
  usbFor,
  vgpuDevice,
  type Collector,
  type GpuChoice,
} from './lab-devices.js'
import type { GpuMode, LabPlan } from './lab-plan-types.js'
import {
  HARDWARE_VERSION_SOURCE,
  MMIO_SOURCE,
  hardwareVersionFor,
  isPowerOfTwo,
  mmioSizeGB,
} from './vm-hardware.js'

/** What the user asks for. */
export interface LabRequest {
  readonly stackId: string
  readonly modelId?: string
  readonly gpuMode: GpuMode
  readonly vgpuProfile?: string
  readonly name: string
  readonly target: HardwareProfile | HostTarget | null
  readonly guest: {
    readonly ubuntu: UbuntuRelease
    readonly user: string
    /** authorized_keys text: one or more public keys. */
    readonly sshKey?: string
    /** Default: the VM name made into a hostname. */
    readonly hostname?: string
    readonly network: 'dhcp' | StaticNetwork
  }
  readonly options: {
    readonly consumerGpu?: boolean
    readonly mmioSizeGB?: number
    readonly datastore?: string
    readonly network?: string
    readonly template?: string
  }
}

/** The catalogs and engines the planner reads. */
export interface LabData {
  readonly stacks: StackCatalog
  readonly models: ModelCatalog
  readonly gpus: GpuCatalog
  /** The fit engine; without it, model memory is a labelled estimate. */
  readonly fit?: LabFitFn
  /** gzip for large guestinfo values; without it, values stay plain base64. */
  readonly gzip?: Gzip
}

const NESTED_HV_KB = 'https://knowledge.broadcom.com/external/article/437651/'
const CPU_HOTADD_SOURCE =
  'https://github.com/ray-project/ray/blob/master/python/ray/autoscaler/_private/vsphere/gpu_utils.py'
const CLOUD_INIT_VMWARE =
  'https://cloudinit.readthedocs.io/en/latest/reference/datasources/vmware.html'
const UBUNTU_DRIVERS = 'https://ubuntu.com/server/docs/nvidia-drivers-installation'
const GEFORCE_NOTE = 'https://nvidia.custhelp.com/app/answers/detail/a_id/5173'
const GUIDE = 'homelab-ai seed rules (DESIGN.md): system RAM at least twice the VRAM'
const OS_RAM_GIB = 4
const OS_DISK_GIB = 20

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step - 1e-9) * step
}

function pickStack(data: LabData, id: string): StackEntry {
  const stack = findStack(data.stacks, id)
  if (stack == null) {
    const ids = data.stacks.stacks.map((s) => s.id)
    const near = ids.filter((s) => s.startsWith(id.split('-')[0] ?? id) || id.startsWith(s))
    throw new UnknownNameError('stack', id, near.length > 0 ? near : ids)
  }
  return stack
}

function resolveModel(req: LabRequest, stack: StackEntry, data: LabData, c: Collector) {
  const wanted = req.modelId ?? stack.model.defaultModelId
  if (wanted == null) return null
  if (stack.model.kind == null) {
    c.warnings.push(`${stack.id} does not serve a model, so --model ${wanted} is ignored.`)
    return null
  }
  const model = findModel(data.models, wanted)
  if (model == null) throw new UnknownNameError('model', wanted, suggestModels(data.models, wanted))
  if (model.kind !== stack.model.kind)
    throw new UsageError(
      `${model.id} is a ${model.kind} model; ${stack.id} serves ${stack.model.kind} models`,
    )
  return model
}

/** Plans the lab VM and its guest bootstrap. Throws UsageError/UnknownNameError on bad input only. */
export function planLab(req: LabRequest, data: LabData): LabPlan {
  const c = collector()
  const stack = pickStack(data, req.stackId)
  const name = checkVmName(req.name)
  const user = checkUser(req.guest.user)
  const hostname = checkHostname(req.guest.hostname ?? hostnameFromVmName(name))
  const sshKeys = parseSshKeys(req.guest.sshKey ?? '')
  if (sshKeys.length === 0)
    c.warnings.push(
      `No --ssh-key: ${user} has no password and no key, so you can only log in on the VM console after setting one.`,
    )
  let ubuntu = req.guest.ubuntu
  if (!stack.ubuntu.includes(ubuntu)) {
    const fallback = stack.ubuntu[0] ?? ubuntu
    c.warnings.push(
      `${stack.name} does not support Ubuntu ${ubuntu}; planned on ${fallback} instead.`,
    )
    ubuntu = fallback
  }
  const view = viewTarget(req.target)
  const mode = effectiveMode(stack, req.gpuMode, c)
  const catalogModel = resolveModel(req, stack, data, c)

  // Sizing starts from the stack; a first fit on the stack's VRAM picks the vGPU profile size.
  const hostRam = view.memoryGiB
  const firstNeed = stack.requirements.minVramGiB
  let gpu: GpuChoice = { devices: [], vramGiB: 0, gpuName: null, vgpu: null }
  const vcpusWanted =
    stack.accelerator === 'cpu'
      ? Math.max(stack.requirements.minVcpus, 8)
      : Math.max(stack.requirements.minVcpus, 4)
  const numCpus = Math.max(1, Math.min(vcpusWanted, view.cores ?? vcpusWanted))
  let llmNeedGiB = firstNeed
  let model: LabModel | null = null
  if (catalogModel?.kind === 'llm' && mode === 'vgpu') {
    const probe = llmMemory(
      catalogModel,
      data.models,
      plannedVmProfile(name, { name: 'GPU', vramGiB: 1024, vgpu: null }, hostRam ?? 64, numCpus),
      data.fit,
    )
    llmNeedGiB = Math.max(firstNeed, probe?.gpuGiB ?? 0)
  }
  if (mode === 'vgpu') gpu = vgpuDevice(req.vgpuProfile, view, data.gpus, llmNeedGiB, c)
  else if (mode === 'passthrough' || mode === 'dynamic')
    gpu = directDevice(mode, view, data.gpus, c)

  const ramBudget = hostRam != null ? Math.max(4, hostRam - 4) : 256
  if (catalogModel?.kind === 'llm') {
    const vm = plannedVmProfile(
      name,
      gpu.gpuName == null ? null : { name: gpu.gpuName, vramGiB: gpu.vramGiB, vgpu: gpu.vgpu },
      ramBudget,
      numCpus,
    )
    const memory = llmMemory(catalogModel, data.models, vm, data.fit)
    if (memory == null)
      c.warnings.push(
        `The catalog has no size for ${catalogModel.id}; the VM is sized for the stack alone.`,
      )
    model = llmLabModel(catalogModel, stack, data.models, memory)
    if (stack.model.runtime === 'gguf' && model.fetch == null)
      c.warnings.push(
        `The catalog lists no GGUF file for ${catalogModel.id}; copy one to /opt/homelab-ai/models and restart llama-server.`,
      )
  } else if (catalogModel?.kind === 'image') {
    model = imageLabModel(catalogModel)
    if (model.manualFiles.length > 0)
      c.warnings.push(
        `Download the model files yourself (licences differ): ${model.manualFiles.join(' ')}`,
      )
  }
  const mem = model?.memory ?? null

  // VRAM: the stack's floor or the model's share, whichever is larger.
  if (mode !== 'none' && stack.accelerator === 'nvidia-gpu') {
    const need = Math.max(stack.requirements.minVramGiB, mem?.gpuGiB ?? 0)
    c.reason(
      'vram',
      `${need.toFixed(1)} GiB needed, ${gpu.vramGiB.toFixed(1)} GiB given`,
      mem != null
        ? `Stack minimum ${stack.requirements.minVramGiB} GiB; model ${mem.explanation}.`
        : `Stack minimum ${stack.requirements.minVramGiB} GiB.`,
      stack.requirementSources.minVramGiB?.url ??
        stack.requirementSources.minVramGiB?.document ??
        '',
    )
    if (gpu.devices.length > 0 && gpu.vramGiB > 0 && gpu.vramGiB + 1e-6 < need)
      c.warnings.push(
        `${model?.id ?? stack.id} needs about ${need.toFixed(1)} GiB of VRAM but ${gpu.gpuName ?? 'the GPU'} has ${gpu.vramGiB.toFixed(1)} GiB: it will not fit (try a smaller model or quantization).`,
      )
    if (mem?.fits === false)
      c.warnings.push(
        `The fit engine says ${model?.id ?? 'the model'} does not fit this VM (${mem.explanation}).`,
      )
  }

  // Memory: OS + model on the CPU, the stack floor, and at least twice the VRAM.
  const ramNeeds = [
    stack.requirements.minRamGiB,
    OS_RAM_GIB + (mem?.ramGiB ?? 0) + (model?.kind === 'image' ? model.diskGiB : 0),
    2 * gpu.vramGiB,
  ]
  const memoryGiB = roundUp(Math.max(...ramNeeds), 4)
  c.reason(
    'memoryMiB',
    memoryGiB * 1024,
    `The largest of: stack minimum ${stack.requirements.minRamGiB} GiB; ${OS_RAM_GIB} GiB for Ubuntu and Docker plus ${(mem?.ramGiB ?? 0).toFixed(1)} GiB of model in RAM; twice the VRAM (${(2 * gpu.vramGiB).toFixed(0)} GiB); rounded up to 4 GiB.`,
    GUIDE,
  )
  if (hostRam != null && memoryGiB > hostRam - 4)
    c.warnings.push(
      `The VM wants ${memoryGiB} GiB of reserved memory but the host has ${hostRam} GiB (ESXi keeps some for itself): it will not power on.`,
    )

  c.reason(
    'numCpus',
    numCpus,
    stack.accelerator === 'cpu'
      ? "CPU inference scales with cores: 8 vCPUs (or the host's cores), never more than the host has."
      : `Stack minimum ${stack.requirements.minVcpus}; the GPU does the heavy work.`,
    stack.requirementSources.minVcpus?.url ?? stack.requirementSources.minVcpus?.document ?? '',
  )
  if (view.cores != null && view.cores < stack.requirements.minVcpus)
    c.warnings.push(
      `${stack.name} wants ${stack.requirements.minVcpus} vCPUs but the host has ${view.cores} cores.`,
    )

  // Disk: OS + stack + model files, 10% headroom, rounded to 10 GiB. A full reservation means no swap file.
  const modelDisk = model?.diskGiB ?? 0
  const diskGiB = roundUp((OS_DISK_GIB + stack.requirements.diskGiB + modelDisk) * 1.1, 10)
  c.reason(
    'diskGiB',
    diskGiB,
    `${OS_DISK_GIB} GiB for Ubuntu, the driver and Docker + ${stack.requirements.diskGiB} GiB for ${stack.name} + ${modelDisk.toFixed(1)} GiB of model files, plus 10%; thin-provisioned.`,
    stack.requirementSources.diskGiB?.url ?? stack.requirementSources.diskGiB?.document ?? '',
  )
  const datastores = view.datastores ?? []
  const byFree = [...datastores].sort((a, b) => b.freeGiB - a.freeGiB)
  const datastore = req.options.datastore ?? byFree[0]?.name ?? 'datastore1'
  const ds = datastores.find((d) => d.name === datastore)
  if (req.options.datastore != null && view.datastores != null && ds == null)
    c.warnings.push(`The host has no datastore named ${JSON.stringify(datastore)}.`)
  if (ds != null) {
    const needsSwap = mode === 'none' ? memoryGiB : 0
    if (ds.freeGiB < diskGiB + needsSwap)
      c.warnings.push(
        `Datastore ${ds.name} has ${ds.freeGiB.toFixed(0)} GiB free but the VM needs ${diskGiB + needsSwap} GiB: it will fill up.`,
      )
  }

  // VMX settings.
  const hw =
    view.esxiVersion != null
      ? hardwareVersionFor(view.esxiVersion)
      : {
          version: 'vmx-19',
          why: 'The ESXi version is unknown; vmx-19 runs on ESXi 7.0 Update 2 and later.',
        }
  c.reason('hardwareVersion', hw.version, hw.why, HARDWARE_VERSION_SOURCE)
  if (mode === 'dynamic' && Number(hw.version.slice(4)) < 17)
    c.warnings.push('Dynamic DirectPath needs ESXi 7.0 (vmx-17) or later.')
  const usePci = gpu.devices.length > 0
  const locked = usePci || stack.accelerator === 'nvidia-gpu'
  c.reason(
    'firmware',
    'efi',
    'GPUs map large BARs above 4 GB, which needs EFI firmware; Ubuntu cloud images boot with either.',
    VSPHERE_PASSTHROUGH_DOC,
  )
  c.reason(
    'secureBoot',
    false,
    'Secure Boot rejects unsigned (DKMS-built) NVIDIA modules, and enrolling a MOK cannot happen unattended.',
    UBUNTU_DRIVERS,
  )
  c.reason(
    'memoryReservationLockedToMax',
    locked,
    locked
      ? 'A VM with a PCI passthrough or vGPU device must reserve all of its memory; the vSphere Client does this itself, the API does not.'
      : 'No PCI device: no reservation needed.',
    VSPHERE_PASSTHROUGH_DOC,
  )
  c.reason(
    'nestedHV',
    false,
    'Nested hardware virtualization is not supported with a PCI passthrough device.',
    NESTED_HV_KB,
  )
  c.reason(
    'cpuHotAdd',
    false,
    'CPU hot add stops passthrough VMs from powering on (VMware KB 89638); it is off.',
    CPU_HOTADD_SOURCE,
  )

  const extraConfig: Record<string, string> = {}
  if (usePci) {
    const total = gpu.devices.reduce((s, d) => s + (d.framebufferGiB ?? 0), 0)
    const override = req.options.mmioSizeGB
    if (override != null && !isPowerOfTwo(override))
      throw new UsageError(`--mmio-gb must be a power of two (32, 64, 128, ...), got ${override}`)
    const size = override ?? mmioSizeGB(total)
    extraConfig['pciPassthru.use64bitMMIO'] = 'TRUE'
    extraConfig['pciPassthru.64bitMMIOSizeGB'] = String(size)
    c.reason(
      'pciPassthru.64bitMMIOSizeGB',
      size,
      override != null
        ? 'Set by --mmio-gb.'
        : `max(32, next power of two of 2 × ${total.toFixed(0)} GB of framebuffer).`,
      MMIO_SOURCE,
    )
    if (view.above4gDecoding === false)
      c.warnings.push(
        'The host firmware has "Above 4G decoding" off; GPUs with large BARs will not power on until it is enabled.',
      )
  }
  if (req.options.consumerGpu === true) {
    if (mode === 'passthrough' || mode === 'dynamic') {
      extraConfig['hypervisor.cpuid.v0'] = 'FALSE'
      c.reason(
        'hypervisor.cpuid.v0',
        'FALSE',
        'Opt-in for consumer GeForce cards: hides the hypervisor from drivers that used to refuse VMs (error 43); harmless otherwise.',
        GEFORCE_NOTE,
      )
    } else c.warnings.push('--consumer-gpu only applies to DirectPath; ignored.')
  }

  const usbDevices = usbFor(stack, view, c)
  const instanceId = `iid-homelab-ai-${hostname}`
  const files = buildCloudInit({
    stack,
    guest: { ubuntu, user, sshKeys, hostname, network: req.guest.network },
    instanceId,
    nvidia: mode === 'vgpu' ? 'vgpu' : mode === 'none' ? 'none' : 'driver',
    model: model?.fetch ?? null,
  })
  const largest = files.userData.length > files.metaData.length ? files.userData : files.metaData
  const wantedEncoding = chooseGuestinfoEncoding(largest)
  const userData = encodeGuestinfo(files.userData, wantedEncoding, data.gzip)
  const metaData = encodeGuestinfo(files.metaData, wantedEncoding, data.gzip)
  extraConfig['guestinfo.metadata'] = metaData.value
  extraConfig['guestinfo.metadata.encoding'] = metaData.encoding
  extraConfig['guestinfo.userdata'] = userData.value
  extraConfig['guestinfo.userdata.encoding'] = userData.encoding
  c.reason(
    'guestinfo.userdata',
    userData.encoding,
    "cloud-init's VMware datasource reads user-data and meta-data from these guestinfo keys on first boot.",
    CLOUD_INIT_VMWARE,
  )

  const template = req.options.template ?? `ubuntu-${ubuntu}-cloudimg`
  return {
    schemaVersion: 1,
    stack: { id: stack.id, name: stack.name, ports: stack.ports, notes: stack.notes },
    model,
    gpuMode: mode,
    vm: {
      name,
      numCpus,
      memoryMiB: memoryGiB * 1024,
      diskGiB,
      firmware: 'efi',
      secureBoot: false,
      memoryReservationLockedToMax: locked,
      nestedHV: false,
      cpuHotAdd: false,
      hardwareVersion: hw.version,
      guestId: 'ubuntu64Guest',
      extraConfig,
      pciDevices: gpu.devices,
      usbDevices,
      ...(usbDevices.length > 0 ? { usbController: 'usb3' as const } : {}),
    },
    placement: {
      host: view.kind === 'host' ? view.name : null,
      datastore,
      network: req.options.network ?? view.networks[0] ?? 'VM Network',
      template,
    },
    guest: {
      request: { ubuntu, user, sshKeys, hostname, network: req.guest.network },
      instanceId,
      userData: files.userData,
      metaData: files.metaData,
      encoding: userData.encoding,
    },
    reasons: c.reasons,
    warnings: c.warnings,
  }
}
