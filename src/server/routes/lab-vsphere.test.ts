// The vSphere routes: error paths with fake connections, then inventory, dry run and apply
// against the real govmomi simulator (test/vcsim), built once and cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVcsim, VCSIM_BUILD_TIMEOUT_MS, type Vcsim } from '../../../test/vcsim/start-vcsim.js'
import { VsphereAuthError } from '../../adapters/vsphere/vsphere-errors.js'
import type { LabApplyResponse, VsphereInventoryResponse } from '../api-types.js'
import { createApp } from '../app.js'
import type { ServerDeps } from '../server-deps.js'
import { testServerDeps } from '../test-server.js'
import { vsphereFromEnv } from '../vsphere-access.js'

const ORIGIN = 'http://127.0.0.1:8765'
const PASSWORD = 'sim-s3cret&<x>'

function setup(overrides: Partial<ServerDeps> = {}) {
  const app = createApp(testServerDeps(overrides).deps)
  const get = (path: string) => app.request(`${ORIGIN}${path}`)
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  return { app, get, post }
}

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error

describe('without a vCenter', () => {
  it('the inventory and apply answer 404 with how to configure one', async () => {
    const { get, post } = setup()
    const status = await get('/api/vsphere')
    expect(status.status).toBe(200)
    expect(await status.json()).toEqual({
      configured: false,
      message:
        'no vCenter configured: start homelab-ai serve with GOVC_URL, GOVC_USERNAME and GOVC_PASSWORD set',
    })
    const inv = await get('/api/vsphere/inventory')
    expect(inv.status).toBe(404)
    expect(await errorOf(inv)).toBe(
      'no vCenter configured: start homelab-ai serve with GOVC_URL, GOVC_USERNAME and GOVC_PASSWORD set',
    )
    const apply = await post('/api/lab/apply', { stackId: 'chat', dryRun: true })
    expect(apply.status).toBe(404)
  })
})

describe('with a fake vCenter', () => {
  it('a real apply needs confirm = the VM name, checked before connecting', async () => {
    let connects = 0
    const { post } = setup({
      vsphere: {
        url: 'https://vc.lab/sdk',
        connect: () => {
          connects++
          return Promise.reject(new Error('must not connect'))
        },
      },
    })
    const res = await post('/api/lab/apply', { stackId: 'chat', dryRun: false, confirm: 'nope' })
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toBe(
      'to create the VM, type its name to confirm: confirm must be "ai-lab-chat"',
    )
    const missing = await post('/api/lab/apply', { stackId: 'chat' })
    expect(await errorOf(missing)).toContain('dryRun is required')
    expect(connects).toBe(0)
  })

  it('a login failure is a 502 with its one-line message', async () => {
    const { get } = setup({
      vsphere: {
        url: 'https://vc.lab/sdk',
        connect: () => Promise.reject(new VsphereAuthError('login failed: wrong user or password')),
      },
    })
    const res = await get('/api/vsphere/inventory')
    expect(res.status).toBe(502)
    expect(await errorOf(res)).toBe('login failed: wrong user or password')
  })

  it('the token guard covers apply', async () => {
    const token = 'lab-token-0123456789abcdef'
    const { post } = setup({
      token,
      vsphere: { url: 'https://vc.lab/sdk', connect: () => Promise.reject(new Error('no')) },
    })
    const res = await post('/api/lab/apply', { stackId: 'chat', dryRun: true })
    expect(res.status).toBe(401)
  })
})

describe('with the vCenter simulator', () => {
  let sim: Vcsim
  let app: ReturnType<typeof setup>
  beforeAll(async () => {
    sim = await startVcsim(['-username', 'lab', '-password', PASSWORD])
    const { access } = vsphereFromEnv({
      GOVC_URL: sim.url,
      GOVC_USERNAME: 'lab',
      GOVC_PASSWORD: PASSWORD,
    })
    app = setup({ vsphere: access })
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    await sim?.stop()
  })

  it('shows the inventory: hosts with GPUs, USB devices, datastores, port groups, VMs', async () => {
    expect(await (await app.get('/api/vsphere')).json()).toEqual({ configured: true, url: sim.url })
    const res = await app.get('/api/vsphere/inventory')
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).not.toContain(PASSWORD)
    const inv = JSON.parse(text) as VsphereInventoryResponse
    expect(inv.url).toBe(sim.url)
    expect(inv.server.apiType).toBe('VirtualCenter')
    const h0 = inv.hosts.find((h) => h.name === 'DC0_C0_H0')
    expect(h0?.gpus[0]).toMatchObject({ pciId: '10de:2204', passthroughEnabled: true })
    expect(h0?.readiness).toBe('gpu-ready')
    expect(inv.datastores[0]).toMatchObject({ name: 'LocalDS_0' })
    expect(inv.vms.length).toBeGreaterThan(0)
    // Templates are not VMs to the page.
    expect(inv.vms.some((v) => v.name === 'ubuntu-24.04-cloudimg')).toBe(false)
    expect(inv.hosts.find((h) => h.name === 'DC0_C0_H2')?.usbDevices).toEqual([
      {
        description: 'Global Unichip Corp.',
        usbId: '1a6e:089a',
        physicalPath: 'path:1/0/1',
        coral: 'unprogrammed',
        inUseBy: null,
      },
    ])
    expect(inv.distributedPortgroups.map((n) => [n.name, n.switchName, n.uplink]).sort()).toEqual([
      ['DC0_DVPG0', 'DVS0', false],
      ['DVS0-DVUplinks-9', 'DVS0', true],
    ])
  })

  const body = {
    stackId: 'chat',
    name: 'ai-lab-web',
    gpuMode: 'dynamic',
    host: 'DC0_C0_H0',
  }

  it('a dry run says what would be created, where and why, and creates nothing', async () => {
    const res = await app.post('/api/lab/apply', { ...body, dryRun: true })
    expect(res.status).toBe(200)
    const dry = (await res.json()) as LabApplyResponse
    expect(dry.mode).toBe('dry-run')
    expect(dry.result).toBeNull()
    expect(dry.placement?.host).toBe('DC0_C0_H0')
    expect(dry.placement?.reasons.length).toBeGreaterThan(0)
    expect(dry.vm).toMatchObject({ name: 'ai-lab-web', memoryReservationLockedToMax: true })
    expect(dry.vm.pciDevices).toEqual([
      expect.objectContaining({ mode: 'dynamic-passthrough', vendorId: '10de', deviceId: '2204' }),
    ])
    expect(dry.planHash).toMatch(/^sha256:[0-9a-f]{16}$/)
    expect(dry.problem).toBeNull()
    expect(dry.template).toBe('ubuntu-24.04-cloudimg')
    expect(dry.clone).toMatchObject({
      template: 'ubuntu-24.04-cloudimg',
      templateIsTemplate: true,
      host: 'DC0_C0_H0',
      datastore: 'LocalDS_0',
      upgrade: null,
    })
    expect(dry.clone?.cloneChanges).toContain('add Dynamic DirectPath 10de:2204')
    expect(dry.clone?.afterClone[0]).toMatch(/^grow the disk 10 → \d+ GiB/)
    const inv = (await (await app.get('/api/vsphere/inventory')).json()) as VsphereInventoryResponse
    expect(inv.vms.some((v) => v.name === 'ai-lab-web')).toBe(false)
  })

  it('a confirmed apply creates the VM with progress; the same plan again changes nothing', async () => {
    const res = await app.post('/api/lab/apply', { ...body, dryRun: false, confirm: 'ai-lab-web' })
    expect(res.status).toBe(200)
    const done = (await res.json()) as LabApplyResponse
    expect(done.mode).toBe('applied')
    expect(done.result).toMatchObject({ status: 'created', name: 'ai-lab-web', host: 'DC0_C0_H0' })
    expect(done.template).toBe('ubuntu-24.04-cloudimg')
    expect(done.progress.some((l) => l.startsWith('[clone]'))).toBe(true)
    expect(done.progress.some((l) => l.startsWith('[reconfigure]'))).toBe(true)
    expect(done.progress.some((l) => l.startsWith('[power-on]'))).toBe(true)
    const inv = (await (await app.get('/api/vsphere/inventory')).json()) as VsphereInventoryResponse
    expect(inv.vms.find((v) => v.name === 'ai-lab-web')).toMatchObject({
      powerState: 'poweredOn',
      host: 'DC0_C0_H0',
      gpus: 1,
    })
    const again = await app.post('/api/lab/apply', {
      ...body,
      dryRun: false,
      confirm: 'ai-lab-web',
    })
    expect(((await again.json()) as LabApplyResponse).result?.status).toBe('unchanged')
  })

  it('a VM of the same name from another plan is a 409', async () => {
    const res = await app.post('/api/lab/apply', {
      ...body,
      user: 'someone',
      dryRun: false,
      confirm: 'ai-lab-web',
    })
    expect(res.status).toBe(409)
  })

  it('a missing template: the dry run says how to import it; the apply is a 409 that creates nothing', async () => {
    const missing = { ...body, name: 'ai-lab-nt', template: 'ubuntu-nope' }
    const dry = (await (
      await app.post('/api/lab/apply', { ...missing, dryRun: true })
    ).json()) as LabApplyResponse
    expect(dry.clone).toBeNull()
    expect(dry.problem).toContain('template ubuntu-nope not found')
    expect(dry.problem).toContain('govc import.ova -ds LocalDS_0 -name ubuntu-nope')
    const res = await app.post('/api/lab/apply', {
      ...missing,
      dryRun: false,
      confirm: 'ai-lab-nt',
    })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toBe(dry.problem)
    const inv = (await (await app.get('/api/vsphere/inventory')).json()) as VsphereInventoryResponse
    expect(inv.vms.some((v) => v.name === 'ai-lab-nt')).toBe(false)
  })

  it('an unknown host is a 404 naming the hosts there are', async () => {
    const res = await app.post('/api/lab/apply', { ...body, host: 'esx-nope', dryRun: true })
    expect(res.status).toBe(404)
    expect(await errorOf(res)).toContain('DC0_C0_H0')
  })
})
