/**
 * A vSphere host as the lab planner sees it: ESXi version, CPU, memory, GPUs with their
 * passthrough state, vGPU profiles on offer, USB devices, datastores and networks. The vSphere
 * inventory fills it from the API; users can also write it by hand (`--target host.json`).
 */
import { InputFileError } from './errors.js'
import {
  FieldProblem,
  childPath,
  readArray,
  readBoolean,
  readNullableBoolean,
  readNullableNumber,
  readNullableString,
  readNumber,
  readObject,
  readString,
  readStringList,
} from './json-fields.js'

/** Bumped when a field changes meaning. */
export const HOST_TARGET_SCHEMA_VERSION = 1

/** A PCI GPU on the host (`HostPciDevice` + `HostPciPassthruInfo` + `HostGraphicsInfo`). */
export interface HostGpuDevice {
  /** PCI address `0000:3b:00.0`, as `HostPciDevice.id` gives it. */
  readonly pciId: string
  /** Vendor and device ids as lower-case 4-digit hex (`10de`, `2204`). */
  readonly vendorId: string
  readonly deviceId: string
  readonly name: string
  /** Framebuffer (`HostGraphicsInfo.memorySizeInKB`), or null when the host does not say. */
  readonly vramMiB: number | null
  readonly passthroughCapable: boolean
  readonly passthroughEnabled: boolean
  /** Enabled and the host rebooted since; null when unknown. */
  readonly passthroughActive: boolean | null
  /** A VM already holding the device, or null. */
  readonly assignedToVm: string | null
}

/** A USB device the host can pass through (`QueryConfigTarget().usb[]`). */
export interface HostUsbDevice {
  readonly vendorId: string
  readonly productId: string
  readonly description: string
  /** Port path such as `1/0/1`, which autoconnect uses; null when unknown. */
  readonly physicalPath: string | null
}

/**
 * A Google Coral USB Accelerator shows as Global Unichip 1a6e:089a until the Edge TPU runtime
 * loads its firmware, then as Google 18d1:9302
 * (https://williamlam.com/2023/05/google-coral-usb-edge-tpu-accelerator-on-esxi.html).
 */
export type CoralState = 'unprogrammed' | 'programmed'

/** Whether a USB vendor:product pair (4-digit hex) is a Coral, and in which state. */
export function coralState(vendorId: string, productId: string): CoralState | null {
  const id = `${vendorId.toLowerCase()}:${productId.toLowerCase()}`
  return id === '1a6e:089a' ? 'unprogrammed' : id === '18d1:9302' ? 'programmed' : null
}

/** A datastore the host can place a VM on. */
export interface HostDatastore {
  readonly name: string
  readonly capacityGiB: number
  readonly freeGiB: number
}

/** The host (or the one host of a cluster) the lab VM goes to. */
export interface HostTarget {
  readonly kind: 'vsphere-host'
  readonly schemaVersion: typeof HOST_TARGET_SCHEMA_VERSION
  readonly name: string
  /** `7.0.3`, `8.0.2`: product version; update level is the third number. */
  readonly esxiVersion: string
  readonly cpu: {
    readonly model: string | null
    readonly cores: number
    readonly threads: number
    readonly sockets: number | null
  }
  readonly memoryGiB: number
  readonly gpus: readonly HostGpuDevice[]
  /** `config.sharedPassthruGpuTypes`, e.g. `grid_a100-40c`. */
  readonly vgpuProfiles: readonly string[]
  readonly usbDevices: readonly HostUsbDevice[]
  readonly datastores: readonly HostDatastore[]
  readonly networks: readonly string[]
  /** Whether firmware maps PCI BARs above 4 GB; null when unknown. */
  readonly above4gDecoding: boolean | null
}

const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/
const HEX4 = /^[0-9a-f]{4}$/
const ESXI_VERSION = /^\d+\.\d+(?:\.\d+)?$/

function readHex4(value: unknown, path: string): string {
  const text = readString(value, path).toLowerCase().replace(/^0x/, '')
  if (!HEX4.test(text)) throw new FieldProblem(path, `must be 4 hex digits, got "${text}"`)
  return text
}

function readGpu(value: unknown, path: string): HostGpuDevice {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const pciId = readString(obj.pciId, at('pciId')).toLowerCase()
  if (!PCI_ADDRESS.test(pciId))
    throw new FieldProblem(at('pciId'), `must be a PCI address like 0000:3b:00.0, got "${pciId}"`)
  return {
    pciId,
    vendorId: readHex4(obj.vendorId, at('vendorId')),
    deviceId: readHex4(obj.deviceId, at('deviceId')),
    name: readString(obj.name, at('name')),
    vramMiB: readNullableNumber(obj.vramMiB, at('vramMiB'), { min: 0, minExclusive: true }),
    passthroughCapable: readBoolean(obj.passthroughCapable, at('passthroughCapable')),
    passthroughEnabled: readBoolean(obj.passthroughEnabled, at('passthroughEnabled')),
    passthroughActive: readNullableBoolean(obj.passthroughActive, at('passthroughActive')),
    assignedToVm: readNullableString(obj.assignedToVm, at('assignedToVm')),
  }
}

/** Whether parsed JSON claims to be a HostTarget (rather than a probe profile). */
export function looksLikeHostTarget(json: unknown): boolean {
  return (
    typeof json === 'object' && json != null && (json as { kind?: unknown }).kind === 'vsphere-host'
  )
}

/** Checks a parsed host file; InputFileError names the file and the first bad field. */
export function validateHostTarget(json: unknown, origin = 'host.json'): HostTarget {
  try {
    const obj = readObject(json, 'host')
    if (obj.kind !== 'vsphere-host') throw new FieldProblem('kind', 'must be "vsphere-host"')
    if (obj.schemaVersion !== HOST_TARGET_SCHEMA_VERSION)
      throw new FieldProblem('schemaVersion', `must be ${HOST_TARGET_SCHEMA_VERSION}`)
    const esxiVersion = readString(obj.esxiVersion, 'esxiVersion')
    if (!ESXI_VERSION.test(esxiVersion))
      throw new FieldProblem('esxiVersion', `must look like 8.0.2, got "${esxiVersion}"`)
    const cpu = readObject(obj.cpu, 'cpu')
    const cores = readNumber(cpu.cores, 'cpu.cores', { min: 1, integer: true })
    return {
      kind: 'vsphere-host',
      schemaVersion: HOST_TARGET_SCHEMA_VERSION,
      name: readString(obj.name, 'name'),
      esxiVersion,
      cpu: {
        model: readNullableString(cpu.model, 'cpu.model'),
        cores,
        threads: readNumber(cpu.threads ?? cores, 'cpu.threads', { min: 1, integer: true }),
        sockets: readNullableNumber(cpu.sockets, 'cpu.sockets', { min: 1, integer: true }),
      },
      memoryGiB: readNumber(obj.memoryGiB, 'memoryGiB', { min: 1 }),
      gpus: readArray(obj.gpus ?? [], 'gpus').map((g, i) => readGpu(g, childPath('gpus', i))),
      vgpuProfiles: readStringList(obj.vgpuProfiles, 'vgpuProfiles'),
      usbDevices: readArray(obj.usbDevices ?? [], 'usbDevices').map((u, i) => {
        const p = childPath('usbDevices', i)
        const uo = readObject(u, p)
        return {
          vendorId: readHex4(uo.vendorId, childPath(p, 'vendorId')),
          productId: readHex4(uo.productId, childPath(p, 'productId')),
          description: readString(uo.description ?? 'USB device', childPath(p, 'description')),
          physicalPath: readNullableString(uo.physicalPath, childPath(p, 'physicalPath')),
        }
      }),
      datastores: readArray(obj.datastores ?? [], 'datastores').map((d, i) => {
        const p = childPath('datastores', i)
        const dobj = readObject(d, p)
        return {
          name: readString(dobj.name, childPath(p, 'name')),
          capacityGiB: readNumber(dobj.capacityGiB, childPath(p, 'capacityGiB'), { min: 0 }),
          freeGiB: readNumber(dobj.freeGiB, childPath(p, 'freeGiB'), { min: 0 }),
        }
      }),
      networks: readStringList(obj.networks, 'networks'),
      above4gDecoding: readNullableBoolean(obj.above4gDecoding, 'above4gDecoding'),
    }
  } catch (error) {
    if (error instanceof FieldProblem)
      throw new InputFileError(`${origin}: ${error.message}`, { cause: error })
    throw error
  }
}
