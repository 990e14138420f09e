// Against the real govmomi 0.24.2 simulator (test/vcsim/main.go), built and started by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVcsim, VCSIM_BUILD_TIMEOUT_MS, type Vcsim } from '../../../test/vcsim/start-vcsim.js'
import { applyVm, passthroughDevices, readVmConfig, extraConfigValue } from './apply.js'
import { createVsphereClient, type VsphereClient } from './client.js'
import { createHttpsTransport, type SoapTransport } from './https-transport.js'
import { readInventory } from './inventory.js'
import { placeVm } from './placement.js'
import { child, text } from './soap-envelope.js'
import { PLAN_MARKER_KEY, type VmSpec } from './vm-spec-xml.js'
import {
  VsphereAuthError,
  VsphereConnectionError,
  VsphereDuplicateNameError,
  VsphereFaultError,
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
  extraConfig: { 'pciPassthru.use64bitMMIO': 'TRUE', 'pciPassthru.64bitMMIOSizeGB': '64' },
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

  it('reads the inventory with injected GPUs', async () => {
    const inv = await readInventory(client)
    expect(inv.server.apiType).toBe('VirtualCenter')
    expect(inv.datacenters.map((d) => d.name)).toEqual(['DC0'])
    expect(inv.clusters).toHaveLength(1)
    expect(inv.hosts).toHaveLength(4)
    expect(inv.vms).toHaveLength(4)
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
  })

  it('creates a passthrough VM, reads it back, then the same plan is a no-op', async () => {
    const inv = await readInventory(client)
    const spec = gpuVm('ai-lab-1')
    const { placement, rejected } = placeVm(inv, spec)
    expect(placement?.host.name).toBe('DC0_C0_H0')
    expect(rejected.length).toBe(3)
    const events: string[] = []
    const result = await applyVm(client, spec, placement!, 'plan-abc', {
      onProgress: (e) => events.push(e.step),
    })
    expect(result.status).toBe('created')
    expect(new Set(events)).toEqual(new Set(['check', 'create', 'attach-gpus', 'power-on']))
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    expect(config).not.toBeNull()
    expect(text(config!, 'firmware')).toBe('efi')
    expect(text(config!, 'memoryReservationLockedToMax')).toBe('true')
    expect(text(config!, 'version')).toBe('vmx-19')
    const extra = config!.children.filter((c) => c.name === 'extraConfig')
    expect(extraConfigValue(extra, PLAN_MARKER_KEY)).toBe('plan-abc')
    expect(extraConfigValue(extra, 'pciPassthru.64bitMMIOSizeGB')).toBe('64')
    expect(passthroughDevices(config!).map((d) => d.backing)).toEqual([
      'VirtualPCIPassthroughDynamicBackingInfo',
    ])
    const again = await applyVm(client, spec, placement!, 'plan-abc')
    expect(again).toMatchObject({ status: 'unchanged', vmId: result.vmId })
    await expect(applyVm(client, spec, placement!, 'plan-other')).rejects.toBeInstanceOf(
      VsphereDuplicateNameError,
    )
    const after = await readInventory(client)
    expect(after.vms.filter((v) => v.name === 'ai-lab-1')).toEqual([
      expect.objectContaining({
        powerState: 'poweredOn',
        gpus: [expect.objectContaining({ kind: 'dynamic-passthrough', pciId: '10de:2204' })],
      }),
    ])
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
    const result = await applyVm(client, spec, placement!, 'plan-vgpu', { powerOn: false })
    const config = await readVmConfig(client, { type: 'VirtualMachine', value: result.vmId })
    const [device] = passthroughDevices(config!)
    expect(device?.backing).toBe('VirtualPCIPassthroughVmiopBackingInfo')
    expect(text(child(device!.node, 'backing')!, 'vgpu')).toBe('grid_a100-20c')
    // Powered off on purpose: a plan that wants it running sees an incomplete VM and refuses.
    await expect(applyVm(client, spec, placement!, 'plan-vgpu')).rejects.toThrow(/incomplete/)
  })

  it('refuses legacy DirectPath when the host does not list the device (the simulator lists none)', async () => {
    const inv = await readInventory(client)
    const spec: VmSpec = {
      ...gpuVm('ai-directpath'),
      pciDevices: [{ mode: 'passthrough', vendorId: '10de', deviceId: '2204' }],
    }
    const { placement, rejected } = placeVm(inv, spec)
    expect(rejected.map((r) => r.host)).not.toContain(placement?.host.name)
    await expect(applyVm(client, spec, placement!, 'plan-dp')).rejects.toThrow(
      /does not offer 10de:2204 at 0000:3b:00.0/,
    )
    const after = await readInventory(client)
    expect(after.vms.some((v) => v.name === 'ai-directpath')).toBe(false)
  })

  it('a failure part-way destroys the VM it created', async () => {
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
        applyVm(faulty, spec, placement!, 'plan-f', { onProgress: (e) => steps.push(e.step) }),
      ).rejects.toBeInstanceOf(VsphereFaultError)
      expect(steps).toContain('cleanup')
      const after = await readInventory(faulty)
      expect(after.vms.some((v) => v.name === 'ai-fails')).toBe(false)
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

describe('ESXi simulator', () => {
  it(
    'reads a standalone host',
    async () => {
      const sim = await startVcsim(['-esx'])
      try {
        const client = await connect(sim)
        const inv = await readInventory(client)
        expect(inv.server.apiType).toBe('HostAgent')
        expect(inv.hosts.map((h) => [h.name, h.cluster, h.datacenter])).toEqual([
          ['localhost.localdomain', null, 'ha-datacenter'],
        ])
        expect(inv.hosts[0]!.gpus.map((g) => g.pciId)).toEqual(['10de:2204'])
        await client.close()
      } finally {
        await sim.stop()
      }
    },
    VCSIM_BUILD_TIMEOUT_MS,
  )
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
        expect(inv.vms).toHaveLength(1000)
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
        const applying = applyVm(client, spec, placement!, 'plan-drop', {
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
