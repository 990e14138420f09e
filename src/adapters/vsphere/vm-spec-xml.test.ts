import { describe, expect, it } from 'vitest'
import { UsageError } from '../../core/errors.js'
import { child, children, parseXml, text } from './soap-envelope.js'
import {
  attachPciSpecXml,
  createSpecXml,
  PLAN_MARKER_KEY,
  specProblems,
  type VmSpec,
} from './vm-spec-xml.js'

const spec: VmSpec = {
  name: 'ai-lab',
  numCpus: 8,
  memoryMiB: 32768,
  diskGiB: 120,
  firmware: 'efi',
  secureBoot: false,
  memoryReservationLockedToMax: true,
  nestedHV: false,
  cpuHotAdd: false,
  hardwareVersion: 'vmx-19',
  guestId: 'ubuntu64Guest',
  extraConfig: { 'pciPassthru.use64bitMMIO': 'TRUE', 'guestinfo.userdata': 'I2Nsb3VkLWNvbmZpZw==' },
  pciDevices: [{ mode: 'dynamic-passthrough', vendorId: '10de', deviceId: '2204' }],
  usbDevices: [{ vendorId: '18d1', productId: '9302', physicalPath: '1/0/1' }],
  usbController: 'xhci',
}

const wrap = (inner: string) =>
  parseXml(
    `<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">${inner}</config>`,
    't',
  )

describe('CreateVM config spec', () => {
  const config = wrap(
    createSpecXml(
      spec,
      { datastore: 'nvme-1', network: { kind: 'standard', name: 'VM Network' } },
      'sha256:abc',
    ),
  )

  it('emits fields in WSDL order', () => {
    const order = [...new Set(config.children.map((c) => c.name))]
    expect(order).toEqual([
      'name',
      'version',
      'guestId',
      'files',
      'numCPUs',
      'numCoresPerSocket',
      'memoryMB',
      'cpuHotAddEnabled',
      'deviceChange',
      'extraConfig',
      'bootOptions',
      'firmware',
      'memoryReservationLockedToMax',
      'nestedHVEnabled',
    ])
  })

  it('gives every new device its own negative key', () => {
    const keys = children(config, 'deviceChange').map((d) =>
      Number(text(child(d, 'device')!, 'key')),
    )
    expect(keys.every((k) => k < 0)).toBe(true)
    expect(new Set(keys).size).toBe(keys.length)
    expect(children(config, 'deviceChange').map((d) => child(d, 'device')!.xsiType)).toEqual([
      'ParaVirtualSCSIController',
      'VirtualDisk',
      'VirtualCdrom',
      'VirtualVmxnet3',
      'VirtualUSBXHCIController',
      'VirtualUSB',
    ])
  })

  it('types every extraConfig value as xsd:string and adds the plan marker', () => {
    const options = children(config, 'extraConfig')
    expect(options.map((o) => [text(o, 'key'), child(o, 'value')!.xsiType])).toEqual([
      ['pciPassthru.use64bitMMIO', 'string'],
      ['guestinfo.userdata', 'string'],
      [PLAN_MARKER_KEY, 'string'],
    ])
    expect(text(options[2]!, 'value')).toBe('sha256:abc')
  })

  it('reserves all memory, boots EFI, and sizes the disk in KiB', () => {
    expect(text(config, 'memoryReservationLockedToMax')).toBe('true')
    expect(text(config, 'firmware')).toBe('efi')
    const disk = children(config, 'deviceChange').find(
      (d) => child(d, 'device')!.xsiType === 'VirtualDisk',
    )!
    expect(text(disk, 'fileOperation')).toBe('create')
    expect(text(child(disk, 'device')!, 'capacityInKB')).toBe(String(120 * 1024 * 1024))
    expect(text(child(child(disk, 'device')!, 'backing')!, 'fileName')).toBe(
      '[nvme-1] ai-lab/ai-lab.vmdk',
    )
  })
})

describe('CreateVM config spec on a copied disk (standalone ESXi)', () => {
  const config = wrap(
    createSpecXml(
      spec,
      {
        datastore: 'nvme-1',
        network: null,
        existingDisk: {
          fileName: '[nvme-1] ai-lab/ai-lab.vmdk',
          capacityKiB: 10 * 1024 * 1024,
          controllerType: 'VirtualLsiLogicController',
        },
      },
      'sha256:abc',
    ),
  )
  const deviceChanges = children(config, 'deviceChange')
  const disk = deviceChanges.find((d) => child(d, 'device')!.xsiType === 'VirtualDisk')!

  it("points the disk at the copy, creates no disk file and keeps the copy's size", () => {
    expect(text(disk, 'fileOperation')).toBeNull()
    const backing = child(child(disk, 'device')!, 'backing')!
    expect(text(backing, 'fileName')).toBe('[nvme-1] ai-lab/ai-lab.vmdk')
    expect(text(backing, 'thinProvisioned')).toBeNull()
    expect(text(child(disk, 'device')!, 'capacityInKB')).toBe(String(10 * 1024 * 1024))
  })

  it("puts the disk on the source's controller kind and names the .vmx in the existing folder", () => {
    expect(child(deviceChanges[0]!, 'device')!.xsiType).toBe('VirtualLsiLogicController')
    expect(text(child(config, 'files')!, 'vmPathName')).toBe('[nvme-1] ai-lab/ai-lab.vmx')
  })
})

describe('PCI device backings', () => {
  it('writes DirectPath deviceId in hex and vendorId as a signed short', () => {
    const xml = wrap(
      attachPciSpecXml([
        {
          mode: 'passthrough',
          vendorId: '10de',
          deviceId: '2204',
          busId: '0000:3b:00.0',
          systemId: 'sys-1',
        },
        {
          mode: 'passthrough',
          vendorId: '8086',
          deviceId: '56a0',
          busId: '0000:af:00.0',
          systemId: 'sys-1',
        },
        { mode: 'dynamic-passthrough', vendorId: '10de', deviceId: '20f1' },
        { mode: 'vgpu', vendorId: '10de', deviceId: '20f1', vgpuProfile: 'grid_a100-20c' },
      ]),
    )
    const devices = children(xml, 'deviceChange').map((d) => child(d, 'device')!)
    expect(devices.map((d) => text(d, 'key'))).toEqual(['-200', '-201', '-202', '-203'])
    const backings = devices.map((d) => child(d, 'backing')!)
    expect([
      text(backings[0]!, 'deviceId'),
      text(backings[0]!, 'vendorId'),
      text(backings[0]!, 'id'),
    ]).toEqual(['2204', '4318', '0000:3b:00.0'])
    expect(text(backings[1]!, 'vendorId')).toBe('-32634')
    expect(backings[2]!.xsiType).toBe('VirtualPCIPassthroughDynamicBackingInfo')
    expect(text(child(backings[2]!, 'allowedDevice')!, 'deviceId')).toBe(String(0x20f1))
    expect(text(backings[3]!, 'vgpu')).toBe('grid_a100-20c')
  })

  it('refuses DirectPath without the host address', () => {
    expect(() =>
      attachPciSpecXml([{ mode: 'passthrough', vendorId: '10de', deviceId: '2204' }]),
    ).toThrow(UsageError)
  })
})

describe('passthrough rules', () => {
  it.each([
    [{ nestedHV: true }, /nested HV/],
    [{ memoryReservationLockedToMax: false }, /reserve all its memory/],
    [{ firmware: 'bios' as const }, /EFI/],
    [{ cpuHotAdd: true }, /hot-add/],
    [{ hardwareVersion: '19' }, /vmx-19/],
  ])('%o is refused', (change, why) => {
    expect(specProblems({ ...spec, ...change }).join('; ')).toMatch(why)
    expect(() =>
      createSpecXml({ ...spec, ...change }, { datastore: 'd', network: null }, 'h'),
    ).toThrow(UsageError)
  })

  it('a VM without PCI devices may use BIOS', () => {
    expect(specProblems({ ...spec, pciDevices: [], firmware: 'bios' })).toEqual([])
  })
})
