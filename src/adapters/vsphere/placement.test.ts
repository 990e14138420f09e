import { describe, expect, it } from 'vitest'
import type { ClusterInventory, InventoryGpu, InventoryHost } from './inventory.js'
import { placeVm } from './placement.js'
import type { VmSpec } from './vm-spec-xml.js'

const gpu = (pciId: string, over: Partial<InventoryGpu> = {}): InventoryGpu => ({
  busId: '0000:3b:00.0',
  vendorId: pciId.slice(0, 4),
  deviceId: pciId.slice(5),
  pciId,
  classId: '0300',
  vendorName: 'NVIDIA Corporation',
  deviceName: 'GA102 [GeForce RTX 3090]',
  vendor: 'nvidia',
  vramMiB: 24576,
  passthroughCapable: true,
  passthroughEnabled: true,
  passthroughActive: true,
  graphicsType: 'direct',
  ...over,
})

const host = (name: string, over: Partial<InventoryHost> = {}): InventoryHost => ({
  id: `host-${name}`,
  name,
  datacenter: 'DC0',
  cluster: null,
  computeResourceId: 'cr-1',
  resourcePoolId: 'rp-1',
  vmFolderId: 'folder-1',
  esxVersion: '8.0.2',
  esxBuild: '1',
  productName: 'VMware ESXi 8.0.2',
  cpuModel: 'EPYC',
  cpuCores: 16,
  cpuThreads: 32,
  memoryMiB: 128 * 1024,
  memoryUsedMiB: 16 * 1024,
  connectionState: 'connected',
  inMaintenanceMode: false,
  pciDevices: [],
  gpus: [],
  vgpuProfiles: [],
  graphicsMode: 'shared',
  datastoreIds: ['ds-1'],
  networkIds: ['net-1'],
  usbDevices: [],
  ...over,
})

const inventory = (
  hosts: InventoryHost[],
  vms: ClusterInventory['vms'] = [],
): ClusterInventory => ({
  server: { fullName: 'x', apiType: 'VirtualCenter', apiVersion: '8.0' },
  datacenters: [],
  clusters: [],
  hosts,
  datastores: [
    { id: 'ds-1', name: 'nvme', capacityGiB: 1000, freeGiB: 500, type: 'VMFS', accessible: true },
  ],
  networks: [
    {
      id: 'net-1',
      name: 'VM Network',
      kind: 'Network',
      portgroupKey: null,
      switchUuid: null,
      switchName: null,
      uplink: false,
    },
  ],
  vms,
})

const spec: VmSpec = {
  name: 'ai',
  numCpus: 8,
  memoryMiB: 32 * 1024,
  diskGiB: 100,
  firmware: 'efi',
  secureBoot: false,
  memoryReservationLockedToMax: true,
  nestedHV: false,
  cpuHotAdd: false,
  hardwareVersion: 'vmx-20',
  guestId: 'ubuntu64Guest',
  extraConfig: {},
  usbDevices: [],
  usbController: null,
  pciDevices: [{ mode: 'passthrough', vendorId: '10de', deviceId: '2204' }],
}

describe('placeVm', () => {
  it('picks the host with the GPU and fills in its PCI address, with reasons', () => {
    const result = placeVm(
      inventory([host('plain'), host('gpu', { gpus: [gpu('10de:2204')] })]),
      spec,
    )
    expect(result.placement?.host.name).toBe('gpu')
    expect(result.placement?.pciDevices[0]?.busId).toBe('0000:3b:00.0')
    expect(result.placement?.reasons.join('\n')).toMatch(/ready for passthrough/)
    expect(result.rejected).toEqual([{ host: 'plain', reasons: ['no GPU 10de:2204'] }])
  })

  it.each([
    [{ passthroughEnabled: false, passthroughActive: false }, /not enabled/],
    [{ passthroughEnabled: true, passthroughActive: false }, /not been rebooted/],
  ])('explains a GPU that is not ready: %o', (state, why) => {
    const result = placeVm(inventory([host('gpu', { gpus: [gpu('10de:2204', state)] })]), spec)
    expect(result.placement).toBeNull()
    expect(result.rejected[0]!.reasons.join()).toMatch(why)
  })

  it('does not hand out a GPU another VM holds', () => {
    const vms = [
      {
        id: 'vm-1',
        name: 'old',
        powerState: 'poweredOff',
        hostId: 'host-gpu',
        numCpus: 1,
        memoryMiB: 1,
        template: false,
        gpus: [
          {
            kind: 'passthrough' as const,
            pciId: '10de:2204',
            busId: '0000:3b:00.0',
            vgpuProfile: null,
          },
        ],
      },
    ]
    const result = placeVm(inventory([host('gpu', { gpus: [gpu('10de:2204')] })], vms), spec)
    expect(result.rejected[0]!.reasons).toEqual(['GPU 10de:2204 is already attached to another VM'])
  })

  it('checks memory, vGPU profiles, datastore space and a pinned host', () => {
    const small = host('small', { memoryMiB: 32 * 1024, gpus: [gpu('10de:2204')] })
    const vgpuSpec: VmSpec = {
      ...spec,
      diskGiB: 600,
      pciDevices: [
        { mode: 'vgpu', vendorId: '10de', deviceId: '20f1', vgpuProfile: 'grid_a100-20c' },
      ],
    }
    const result = placeVm(inventory([small]), vgpuSpec)
    expect(result.rejected[0]!.reasons).toEqual([
      'needs 32 GiB RAM, 16 GiB free',
      'no vGPU profiles (no NVIDIA vGPU host driver, or graphics mode not Shared Direct)',
      'no datastore with 602 GiB free (largest has 500 GiB)',
    ])
    expect(placeVm(inventory([small]), spec, { host: 'nope' }).rejected).toEqual([
      { host: 'nope', reasons: ['no host with this name'] },
    ])
  })

  it('among fitting hosts prefers the most memory left', () => {
    const a = host('a', { gpus: [gpu('10de:2204')], memoryUsedMiB: 64 * 1024 })
    const b = host('b', { gpus: [gpu('10de:2204')], memoryUsedMiB: 8 * 1024 })
    const result = placeVm(inventory([a, b]), spec)
    expect(result.placement?.host.name).toBe('b')
    expect(result.placement?.reasons.at(-1)).toMatch(/1 other host/)
  })
})
