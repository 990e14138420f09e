// Against the real govmomi 0.24.2 simulator (test/vcsim/main.go), built and started by the test.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVcsim, VCSIM_BUILD_TIMEOUT_MS, type Vcsim } from '../../../test/vcsim/start-vcsim.js'
import { applyVm, previewApply, type ApplyOptions } from './apply.js'
import { createVsphereClient, type VsphereClient } from './client.js'
import { extraConfigValue } from './existing-vm.js'
import { createHttpsTransport, type SoapTransport } from './https-transport.js'
import { readInventory } from './inventory.js'
import { placeVm, type Placement } from './placement.js'
import { retrieveObjects } from './property-collector.js'
import { child, children, text, type XmlNode } from './soap-envelope.js'
import { passthroughDevices, readVmConfig } from './vm-config.js'
import { readVmState } from './vm-state.js'
import { PLAN_MARKER_KEY, type VmSpec } from './vm-spec-xml.js'
import {
  VsphereAuthError,
  VsphereConnectionError,
  VsphereDuplicateNameError,
  VsphereFaultError,
  VsphereTemplateError,
} from './vsphere-errors.js'

const gpuVm = (name: string): VmSpec => ({
  name,
  numCpus: 8,
  memoryMiB: 32 * 1024,
  // The simulator's datastore is a temp dir: its free space is this machine's.
  diskGiB: 1,
  firmware: 'efi',
  secureBoot: false,
  memoryReservationLockedToMax: true,
  nestedHV: false,
  cpuHotAdd: false,
  hardwareVersion: 'vmx-19',
  guestId: 'ubuntu64Guest',
  extraConfig: {
    'pciPassthru.use64bitMMIO': 'TRUE',
    'pciPassthru.64bitMMIOSizeGB': '64',
    'guestinfo.userdata': 'I2Nsb3VkLWNvbmZpZwo=',
    'guestinfo.userdata.encoding': 'base64',
  },
  pciDevices: [{ mode: 'dynamic-passthrough', vendorId: '10de', deviceId: '2204' }],
  usbDevices: [],
  usbController: 'xhci',
})

async function connect(sim: Vcsim, transport?: SoapTransport): Promise<VsphereClient> {
  const client = createVsphereClient({
    url: sim.url,
    username: 'lab',
    password: 's3cret&<x>',
    transport,
  })
  await client.connect()
  return client
}

const TEMPLATE = 'ubuntu-24.04-cloudimg'
const apply = (
  client: VsphereClient,
  spec: VmSpec,
  placement: Placement,
  hash: string,
  options: Partial<ApplyOptions> = {},
) => applyVm(client, spec, placement, hash, { template: TEMPLATE, ...options })

/** The NIC backings of a VM config. */
function nicBackings(config: XmlNode): XmlNode[] {
  return children(child(config, 'hardware')!, 'device')
    .filter((d) => d.xsiType === 'VirtualVmxnet3')
    .map((d) => child(d, 'backing')!)
}

describe('vCenter simulator (default model)', () => {
  let sim: Vcsim
  let client: VsphereClient
  beforeAll(async () => {
    sim = await startVcsim(['-username', 'lab', '-password', 's3cret&<x>'])
    client = await connect(sim)
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    await client?.close()
    await sim?.stop()
  })

  it('reads the inventory with injected GPUs, USB devices and distributed port groups', async () => {
    const inv = await readInventory(client)
    expect(inv.server.apiType).toBe('VirtualCenter')
    expect(inv.datacenters.map((d) => d.name)).toEqual(['DC0'])
    expect(inv.clusters).toHaveLength(1)
    expect(inv.hosts).toHaveLength(4)
    expect(inv.vms.filter((v) => !v.template)).toHaveLength(4)
    expect(
      inv.vms
        .filter((v) => v.template)
        .map((v) => v.name)
        .sort(),
    ).toEqual(['ubuntu-22.04-cloudimg', 'ubuntu-24.04-cloudimg'])
    expect(inv.datastores[0]).toMatchObject({ name: 'LocalDS_0' })
    const withGpu = inv.hosts
      .filter((h) => h.gpus.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name))
    expect(
      withGpu.map((h) => [
        h.name,
        h.gpus[0]!.pciId,
        h.gpus[0]!.vramMiB,
        h.gpus[0]!.passthroughEnabled,
        h.esxVersion,
      ]),
    ).toEqual([
      ['DC0_C0_H0', '10de:2204', 24576, true, '8.0.2'],
      ['DC0_H0', '10de:20f1', 40960, false, '8.0.3'],
    ])
    expect(withGpu[1]!.vgpuProfiles).toContain('grid_a100-40c')
    expect(withGpu[1]!.graphicsMode).toBe('sharedDirect')
    // The audio function of the card is not a GPU; the simulator's VMware SVGA is not either.
    expect(withGpu[0]!.pciDevices.filter((d) => d.vendorId === '10de')).toHaveLength(2)
    const usb = Object.fromEntries(inv.hosts.map((h) => [h.name, h.usbDevices]))
    expect(usb).toEqual({
      DC0_C0_H0: [],
      DC0_C0_H1: [
        {
          description: 'SanDisk Ultra Fit',
          vendorId: '0781',
          productId: '5583',
          physicalPath: 'path:1/0/3',
          coral: null,
          inUseBy: null,
        },
      ],
      DC0_C0_H2: [
        {
          description: 'Global Unichip Corp.',
          vendorId: '1a6e',
          productId: '089a',
          physicalPath: 'path:1/0/1',
          coral: 'unprogrammed',
          inUseBy: null,
        },
      ],
      DC0_H0: [],
    })
    const dvpg = inv.networks
      .filter((n) => n.kind === 'DistributedVirtualPortgroup')
      .sort((a, b) => a.name.localeCompare(b.name))
    expect(dvpg.map((n) => [n.name, n.switchName, n.uplink])).toEqual([
      ['DC0_DVPG0', 'DVS0', false],
      ['DVS0-DVUplinks-9', 'DVS0', true],
    ])
    expect(dvpg[0]!.switchUuid).toMatch(/^[0-9a-f ]{20,}|^[0-9a-f-]{36}$/i)
    expect(dvpg[0]!.portgroupKey).toBe(dvpg[0]!.id)
    // A ContainerView of Network also returns port groups: each network is listed once.
    expect(new Set(inv.networks.map((n) => n.id)).size).toBe(inv.networks.length)
  })

  it('clones the template into a passthrough VM, reads it back, then the same plan is a no-op', async () => {
    const inv = await readInventory(client)
    const spec = { ...gpuVm('ai-lab-1'), diskGiB: 40 }
    const { placement, rejected } = placeVm(inv, spec)
    expect(placement?.host.name).toBe('DC0_C0_H0')
    expect(rejected.length).toBe(3)
    const preview = await previewApply(client, spec, placement!, 'plan-abc', {
      template: TEMPLATE,
    })
    expect(preview.problem).toBeNull()
    expect(preview.clone).toMatchObject({
      template: TEMPLATE,
      templateIsTemplate: true,
      templateHost: 'DC0_C0_H0',
      templateDiskGiB: 10,
      host: 'DC0_C0_H0',
      datastore: 'LocalDS_0',
      network: 'VM Network',
      upgrade: null,
      afterClone: ['grow the disk 10 → 40 GiB (cloud-init grows the partition at first boot)'],
    })
    expect(preview.clone!.cloneChanges).toEqual(
      expect.arrayContaining([
        'numCPUs 2 → 8',
        'memoryMB 2048 → 32768',
        'add a USB 3 (xHCI) controller',
        'add Dynamic DirectPath 10de:2204',
        'firmware bios → efi',
        'memoryReservationLockedToMax false → true',
      ]),
    )
    const events: string[] = []
    const result = await apply(client, spec, placement!, 'plan-abc', {
      onProgress: (e) => events.push(e.step),
    })
    expect(result).toMatchObject({ status: 'created', template: TEMPLATE })
    // The 0.24 simulator's CloneVM_Task ignores the spec's CPU, memory and firmware: the
    // reconfigure step sets them (on vCenter it only grows the disk).
    expect(new Set(events)).toEqual(new Set(['check', 'clone', 'reconfigure', 'power-on']))
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    expect(config).not.toBeNull()
    const state = readVmState(config!)
    expect(state).toMatchObject({
      template: false,
      numCpus: 8,
      memoryMiB: 32 * 1024,
      firmware: 'efi',
      memoryReservationLockedToMax: true,
      nestedHV: false,
    })
    expect(state.disks.map((d) => d.capacityKiB)).toEqual([40 * 1024 * 1024])
    expect(state.nics.map((n) => n.network)).toEqual([
      expect.objectContaining({ kind: 'standard', name: 'VM Network' }),
    ])
    expect(state.usbControllers.map((c) => c.type)).toEqual(['xhci'])
    const extra = config!.children.filter((c) => c.name === 'extraConfig')
    expect(extraConfigValue(extra, PLAN_MARKER_KEY)).toBe('plan-abc')
    expect(extraConfigValue(extra, 'pciPassthru.64bitMMIOSizeGB')).toBe('64')
    expect(extraConfigValue(extra, 'guestinfo.userdata')).toBe('I2Nsb3VkLWNvbmZpZwo=')
    expect(extraConfigValue(extra, 'guestinfo.userdata.encoding')).toBe('base64')
    expect(passthroughDevices(config!).map((d) => d.backing)).toEqual([
      'VirtualPCIPassthroughDynamicBackingInfo',
    ])
    const again = await apply(client, spec, placement!, 'plan-abc')
    expect(again).toMatchObject({ status: 'unchanged', vmId: result.vmId })
    expect(
      (await previewApply(client, spec, placement!, 'plan-abc', { template: TEMPLATE })).unchanged,
    ).toBe(true)
    await expect(apply(client, spec, placement!, 'plan-other')).rejects.toBeInstanceOf(
      VsphereDuplicateNameError,
    )
    const after = await readInventory(client)
    expect(after.vms.filter((v) => v.name === 'ai-lab-1')).toEqual([
      expect.objectContaining({
        powerState: 'poweredOn',
        gpus: [expect.objectContaining({ kind: 'dynamic-passthrough', pciId: '10de:2204' })],
      }),
    ])
    // The template is still a template, and still there.
    expect(after.vms.filter((v) => v.name === TEMPLATE && v.template)).toHaveLength(1)
  })

  it('puts the NIC on a distributed port group by switch UUID and port group key', async () => {
    const inv = await readInventory(client)
    const spec = { ...gpuVm('ai-dvpg'), pciDevices: [] }
    const { placement } = placeVm(inv, spec, { host: 'DC0_C0_H0', network: 'DC0_DVPG0' })
    expect(placement?.network).toMatchObject({ kind: 'DistributedVirtualPortgroup' })
    expect(placeVm(inv, spec, { network: 'DVS0-DVUplinks-9' }).rejected[0]!.reasons).toContain(
      "DVS0-DVUplinks-9 is a distributed switch's uplink port group, not one for VMs",
    )
    const result = await apply(client, spec, placement!, 'plan-dvpg', { powerOn: false })
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    const [backing] = nicBackings(config!)
    expect(backing?.xsiType).toBe('VirtualEthernetCardDistributedVirtualPortBackingInfo')
    expect([
      text(child(backing!, 'port')!, 'switchUuid'),
      text(child(backing!, 'port')!, 'portgroupKey'),
    ]).toEqual([placement!.network!.switchUuid, placement!.network!.portgroupKey])
  })

  it('places a Coral stack on the host with the Coral and passes it by port path', async () => {
    const inv = await readInventory(client)
    const spec: VmSpec = {
      ...gpuVm('ai-coral'),
      // The simulator's hosts without a GPU have 4 GiB, 2 of them free.
      memoryMiB: 1024,
      memoryReservationLockedToMax: false,
      pciDevices: [],
      usbDevices: [
        { vendorId: '1a6e', productId: '089a', physicalPath: null },
        { vendorId: '18d1', productId: '9302', physicalPath: null },
      ],
    }
    const { placement, rejected } = placeVm(inv, spec)
    expect(placement?.host.name).toBe('DC0_C0_H2')
    expect(placement?.reasons).toContain('Coral USB Accelerator (1a6e:089a) at path:1/0/1')
    expect(rejected.find((r) => r.host === 'DC0_C0_H1')?.reasons).toContain(
      'no Coral USB Accelerator plugged into this host',
    )
    const result = await apply(client, spec, placement!, 'plan-coral', { powerOn: false })
    const state = readVmState(
      (await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId }))!,
    )
    // Both ids of the one stick are on one port: one autoconnect device.
    expect(state.usbPorts).toEqual(['1/0/1'])
  })

  it('attaches a vGPU profile on the vGPU host', async () => {
    const inv = await readInventory(client)
    const spec: VmSpec = {
      ...gpuVm('ai-vgpu-1'),
      pciDevices: [
        { mode: 'vgpu', vendorId: '10de', deviceId: '20f1', vgpuProfile: 'grid_a100-20c' },
      ],
    }
    const { placement } = placeVm(inv, spec)
    expect(placement?.host.name).toBe('DC0_H0')
    const result = await apply(client, spec, placement!, 'plan-vgpu', { powerOn: false })
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    const [device] = passthroughDevices(config!)
    expect(device?.backing).toBe('VirtualPCIPassthroughVmiopBackingInfo')
    expect(text(child(device!.node, 'backing')!, 'vgpu')).toBe('grid_a100-20c')
    // Powered off on purpose: a plan that wants it running sees an incomplete VM and refuses.
    await expect(apply(client, spec, placement!, 'plan-vgpu')).rejects.toThrow(/incomplete/)
  })

  it('refuses legacy DirectPath when the host does not list the device (the simulator lists none)', async () => {
    const inv = await readInventory(client)
    const spec: VmSpec = {
      ...gpuVm('ai-directpath'),
      pciDevices: [{ mode: 'passthrough', vendorId: '10de', deviceId: '2204' }],
    }
    const { placement, rejected } = placeVm(inv, spec)
    expect(rejected.map((r) => r.host)).not.toContain(placement?.host.name)
    await expect(apply(client, spec, placement!, 'plan-dp')).rejects.toThrow(
      /does not offer 10de:2204 at 0000:3b:00.0/,
    )
    const after = await readInventory(client)
    expect(after.vms.some((v) => v.name === 'ai-directpath')).toBe(false)
  })

  it('a missing template: the dry run says how to import it, and apply creates nothing', async () => {
    const inv = await readInventory(client)
    const spec = { ...gpuVm('ai-notemplate'), pciDevices: [] }
    const { placement } = placeVm(inv, spec)
    const options = { template: 'ubuntu-26.04-cloudimg', ubuntu: '26.04' }
    const preview = await previewApply(client, spec, placement!, 'plan-nt', options)
    expect(preview.clone).toBeNull()
    expect(preview.problem).toBe(
      `template ubuntu-26.04-cloudimg not found on ${sim.url}; import Ubuntu's cloud image once: ` +
        'govc import.ova -ds LocalDS_0 -name ubuntu-26.04-cloudimg ' +
        'https://cloud-images.ubuntu.com/releases/26.04/release/ubuntu-26.04-server-cloudimg-amd64.ova' +
        ' && govc vm.markastemplate ubuntu-26.04-cloudimg',
    )
    const error = await applyVm(client, spec, placement!, 'plan-nt', options).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(VsphereTemplateError)
    expect((error as Error).message).toBe(preview.problem)
    expect((await readInventory(client)).vms.some((v) => v.name === 'ai-notemplate')).toBe(false)
  })

  it('a failure part-way destroys the clone it made', async () => {
    const real = createHttpsTransport(new URL(sim.url))
    // Fails the power-on call as a real host would when the GPU is held by another VM.
    const failing: SoapTransport = {
      close: () => real.close(),
      async send(request) {
        if (request.method === 'PowerOnVM_Task') {
          return {
            status: 500,
            setCookie: [],
            body: '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Device 0000:3b:00.0 is in use</faultstring><detail><InvalidDeviceSpecFault xsi:type="InvalidDeviceSpec"/></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
          }
        }
        return real.send(request)
      },
    }
    const faulty = await connect(sim, failing)
    try {
      const inv = await readInventory(faulty)
      const spec = { ...gpuVm('ai-fails'), pciDevices: [] }
      const { placement } = placeVm(inv, spec)
      const steps: string[] = []
      await expect(
        apply(faulty, spec, placement!, 'plan-f', { onProgress: (e) => steps.push(e.step) }),
      ).rejects.toBeInstanceOf(VsphereFaultError)
      expect(steps).toEqual(expect.arrayContaining(['clone', 'reconfigure', 'power-on', 'cleanup']))
      const after = await readInventory(faulty)
      expect(after.vms.some((v) => v.name === 'ai-fails')).toBe(false)
      expect(after.vms.some((v) => v.name === TEMPLATE)).toBe(true)
    } finally {
      await faulty.close()
    }
  })

  it('a wrong password is a VsphereAuthError that does not echo the password', async () => {
    const bad = createVsphereClient({ url: sim.url, username: 'lab', password: 'nope-secret' })
    const error = await bad.connect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VsphereAuthError)
    expect((error as Error).message).not.toContain('nope-secret')
    await bad.close()
  })
})

describe('a template with older virtual hardware', () => {
  it(
    'is upgraded after the clone, and the Dynamic DirectPath device added after the upgrade',
    async () => {
      // The 0.24 simulator's UpgradeVM_Task always sets vmx-13, so the plan asks for vmx-13.
      const sim = await startVcsim(['-templates', 'old-ubuntu:vmx-10'])
      try {
        const client = await connect(sim)
        const inv = await readInventory(client)
        const spec = { ...gpuVm('ai-upgrade'), hardwareVersion: 'vmx-13' }
        const { placement } = placeVm(inv, spec)
        const preview = await previewApply(client, spec, placement!, 'plan-up', {
          template: 'old-ubuntu',
        })
        expect(preview.clone?.upgrade).toEqual({ from: 'vmx-10', to: 'vmx-13' })
        expect(preview.clone?.cloneChanges).not.toContain('add Dynamic DirectPath 10de:2204')
        expect(preview.clone?.afterClone).toContain('add dynamic-passthrough 10de:2204')
        const steps: string[] = []
        const result = await applyVm(client, spec, placement!, 'plan-up', {
          template: 'old-ubuntu',
          powerOn: false,
          onProgress: (e) => steps.push(e.step),
        })
        expect(steps).toContain('upgrade')
        const state = readVmState(
          (await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId }))!,
        )
        expect(state.version).toBe('vmx-13')
        expect(state.pciDevices).toEqual([expect.objectContaining({ mode: 'dynamic-passthrough' })])
        await client.close()
      } finally {
        await sim.stop()
      }
    },
    VCSIM_BUILD_TIMEOUT_MS,
  )
})

/** The simulated datastore's folder on this machine (the simulator keeps its files in a temp dir). */
async function datastoreDir(client: VsphereClient, placement: Placement): Promise<string> {
  const [ds] = await retrieveObjects(
    client,
    [{ type: 'Datastore', value: placement.datastore.id }],
    ['summary.url'],
  )
  return ds!.props.get('summary.url')!.text.replace(/^ds:\/\//, '')
}

/** A transport that answers `method` with a fault, as a real host does when a step fails. */
function failingTransport(sim: Vcsim, method: string): SoapTransport {
  const real = createHttpsTransport(new URL(sim.url))
  return {
    close: () => real.close(),
    async send(request) {
      if (request.method === method) {
        return {
          status: 500,
          setCookie: [],
          body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>${method} failed on purpose</faultstring><detail><InvalidDeviceSpecFault xsi:type="InvalidDeviceSpec"/></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
        }
      }
      return real.send(request)
    },
  }
}

describe('ESXi simulator (standalone host: no CloneVM_Task, so the disk is copied)', () => {
  let sim: Vcsim
  let client: VsphereClient
  beforeAll(async () => {
    sim = await startVcsim(['-esx', '-username', 'lab', '-password', 's3cret&<x>'])
    client = await connect(sim)
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    await client?.close()
    await sim?.stop()
  })
  const source = `[LocalDS_0] ${TEMPLATE}/${TEMPLATE}.vmdk`

  it("copies the template VM's disk, creates the VM on the copy, grows it and powers it on", async () => {
    const inv = await readInventory(client)
    expect(inv.server.apiType).toBe('HostAgent')
    expect(inv.hosts.map((h) => [h.name, h.cluster, h.datacenter])).toEqual([
      ['localhost.localdomain', null, 'ha-datacenter'],
    ])
    expect(inv.hosts[0]!.gpus.map((g) => g.pciId)).toEqual(['10de:2204'])
    // ESXi cannot mark templates: the imported cloud image is a plain powered-off VM.
    expect(inv.vms.find((v) => v.name === TEMPLATE)).toMatchObject({
      template: false,
      powerState: 'poweredOff',
    })
    const spec = { ...gpuVm('ai-esx'), diskGiB: 40 }
    const { placement } = placeVm(inv, spec)
    const preview = await previewApply(client, spec, placement!, 'plan-esx', {
      template: TEMPLATE,
    })
    expect(preview.problem).toBeNull()
    expect(preview.clone).toMatchObject({
      method: 'copy-disk',
      template: TEMPLATE,
      templateIsTemplate: false,
      sourceDisk: source,
      targetDisk: '[LocalDS_0] ai-esx/ai-esx.vmdk',
      upgrade: null,
      afterClone: [
        'grow the disk 10 → 40 GiB (cloud-init grows the partition at first boot)',
        'add dynamic-passthrough 10de:2204',
      ],
    })
    expect(preview.clone!.notes[0]).toBe(
      `standalone ESXi has no CloneVM_Task: CopyVirtualDisk_Task copies ${source} (thin) to ` +
        '[LocalDS_0] ai-esx/ai-esx.vmdk, then CreateVM_Task makes ai-esx on the copy',
    )
    expect(preview.clone!.cloneChanges).not.toContain('remove the vApp (OVF) properties')

    const steps: string[] = []
    const result = await apply(client, spec, placement!, 'plan-esx', {
      onProgress: (e) => steps.push(e.step),
    })
    expect(result).toMatchObject({ status: 'created', template: TEMPLATE })
    expect([...new Set(steps)]).toEqual(['check', 'copy-disk', 'create', 'reconfigure', 'power-on'])
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    const state = readVmState(config!)
    expect(state.disks).toEqual([
      expect.objectContaining({
        fileName: '[LocalDS_0] ai-esx/ai-esx.vmdk',
        capacityKiB: 40 * 1024 * 1024,
        controllerType: 'ParaVirtualSCSIController',
      }),
    ])
    expect(state).toMatchObject({
      numCpus: 8,
      memoryMiB: 32 * 1024,
      firmware: 'efi',
      version: 'vmx-19',
      memoryReservationLockedToMax: true,
    })
    expect(state.pciDevices).toEqual([expect.objectContaining({ mode: 'dynamic-passthrough' })])
    const dir = await datastoreDir(client, placement!)
    // The simulator's CopyVirtualDisk_Task copies the descriptor and the flat extent, as ESXi does.
    expect(
      readdirSync(join(dir, 'ai-esx'))
        .filter((f) => f.endsWith('.vmdk'))
        .sort(),
    ).toEqual(['ai-esx-flat.vmdk', 'ai-esx.vmdk'])
    // The source is untouched.
    expect(existsSync(join(dir, TEMPLATE, `${TEMPLATE}.vmdk`))).toBe(true)
    const after = await readInventory(client)
    expect(after.vms.filter((v) => v.name === 'ai-esx')).toEqual([
      expect.objectContaining({ powerState: 'poweredOn' }),
    ])
    expect(await apply(client, spec, placement!, 'plan-esx')).toMatchObject({
      status: 'unchanged',
      vmId: result.vmId,
    })
  })

  it.each(['CreateVM_Task', 'ReconfigVM_Task', 'PowerOnVM_Task'])(
    'a failing %s leaves no VM and no copied disk behind',
    async (method) => {
      const faulty = await connect(sim, failingTransport(sim, method))
      try {
        const inv = await readInventory(faulty)
        const name = `ai-esx-fails-${method.toLowerCase().replace('_task', '')}`
        // A disk bigger than the template's, so there is a reconfigure (the growth) to fail.
        const spec = { ...gpuVm(name), pciDevices: [], diskGiB: 20 }
        const { placement } = placeVm(inv, spec)
        const steps: string[] = []
        await expect(
          apply(faulty, spec, placement!, 'plan-ef', { onProgress: (e) => steps.push(e.step) }),
        ).rejects.toThrow(`${method} failed on purpose`)
        expect(steps).toEqual(expect.arrayContaining(['copy-disk', 'create', 'cleanup']))
        expect((await readInventory(faulty)).vms.some((v) => v.name === name)).toBe(false)
        const dir = await datastoreDir(faulty, placement!)
        expect(existsSync(join(dir, name))).toBe(false)
        expect(existsSync(join(dir, TEMPLATE, `${TEMPLATE}-flat.vmdk`))).toBe(true)
      } finally {
        await faulty.close()
      }
    },
  )

  it('refuses a datastore folder that is already there and leaves it alone', async () => {
    const inv = await readInventory(client)
    const spec = { ...gpuVm('ai-esx-leftover'), pciDevices: [] }
    const { placement } = placeVm(inv, spec)
    const dir = await datastoreDir(client, placement!)
    // Files of a VM that was removed from the inventory but not deleted from disk.
    mkdirSync(join(dir, 'ai-esx-leftover'))
    writeFileSync(join(dir, 'ai-esx-leftover', 'notes.txt'), 'keep me')
    await expect(apply(client, spec, placement!, 'plan-lo')).rejects.toThrow(
      'the datastore folder [LocalDS_0] ai-esx-leftover already exists, though no VM of that name does',
    )
    expect(readdirSync(join(dir, 'ai-esx-leftover'))).toEqual(['notes.txt'])
    expect((await readInventory(client)).vms.some((v) => v.name === 'ai-esx-leftover')).toBe(false)
  })

  it('refuses a running source VM (ESXi locks its disk), and says how to import a missing one', async () => {
    const inv = await readInventory(client)
    const running = inv.vms.find((v) => v.powerState === 'poweredOn' && v.name !== 'ai-esx')!
    const spec = { ...gpuVm('ai-esx-running'), pciDevices: [] }
    const { placement } = placeVm(inv, spec)
    const preview = await previewApply(client, spec, placement!, 'plan-r', {
      template: running.name,
    })
    expect(preview.problem).toBe(
      `${running.name} is poweredOn: ESXi locks a running VM's disk, so it cannot be copied; ` +
        'shut it down first (it is only the source, it need not run)',
    )
    await expect(
      applyVm(client, spec, placement!, 'plan-r', { template: running.name }),
    ).rejects.toBeInstanceOf(VsphereTemplateError)
    const missing = await previewApply(client, spec, placement!, 'plan-r', {
      template: 'ubuntu-26.04-cloudimg',
      ubuntu: '26.04',
    })
    // No `govc vm.markastemplate`: standalone ESXi cannot mark templates.
    expect(missing.problem).toMatch(/-server-cloudimg-amd64\.ova$/)
    const after = await readInventory(client)
    expect(after.vms.some((v) => v.name === 'ai-esx-running')).toBe(false)
  })
})

describe('large vCenter (4 clusters, 100 hosts, 1000 VMs)', () => {
  it(
    'reads everything, paging past one PropertyCollector page',
    async () => {
      const sim = await startVcsim([
        '-clusters',
        '4',
        '-hosts',
        '100',
        '-standalone',
        '0',
        '-vms',
        '1000',
      ])
      try {
        const client = await connect(sim)
        const inv = await readInventory(client)
        expect(inv.hosts).toHaveLength(100)
        expect(inv.vms.filter((v) => !v.template)).toHaveLength(1000)
        expect(inv.hosts.filter((h) => h.usbDevices?.some((u) => u.coral != null))).toHaveLength(33)
        expect(inv.clusters.map((c) => c.hostIds.length)).toEqual([25, 25, 25, 25])
        expect(inv.hosts.filter((h) => h.gpus.length > 0)).toHaveLength(34)
        await client.close()
      } finally {
        await sim.stop()
      }
    },
    VCSIM_BUILD_TIMEOUT_MS,
  )
})

describe('a connection that drops mid-task', () => {
  it(
    'is a VsphereConnectionError that says the outcome is unknown',
    async () => {
      const sim = await startVcsim(['-delay', 'PowerOnVM_Task=3000'])
      const client = await connect(sim)
      try {
        const inv = await readInventory(client)
        const spec = { ...gpuVm('ai-drop'), pciDevices: [] }
        const { placement } = placeVm(inv, spec)
        const applying = apply(client, spec, placement!, 'plan-drop', {
          onProgress: (e) => {
            if (e.step === 'power-on') setTimeout(() => sim.process.kill('SIGKILL'), 500)
          },
        })
        await expect(applying).rejects.toBeInstanceOf(VsphereConnectionError)
        await expect(applying).rejects.toThrow(/dropped during PowerOnVM_Task|cannot reach/)
      } finally {
        await client.close()
        await sim.stop()
      }
    },
    VCSIM_BUILD_TIMEOUT_MS,
  )
})
