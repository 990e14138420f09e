import { describe, expect, it } from 'vitest'
import { configChanges, missingPci } from './config-changes.js'
import { child, children, parseXml, text } from './soap-envelope.js'
import type { VmSpec } from './vm-spec-xml.js'
import { readVmState } from './vm-state.js'

const spec: VmSpec = {
  name: 'ai-lab',
  numCpus: 8,
  memoryMiB: 16384,
  diskGiB: 60,
  firmware: 'efi',
  secureBoot: false,
  memoryReservationLockedToMax: true,
  nestedHV: false,
  cpuHotAdd: false,
  hardwareVersion: 'vmx-19',
  guestId: 'ubuntu64Guest',
  extraConfig: { 'guestinfo.userdata': 'I2Nsb3VkLWNvbmZpZwo=' },
  pciDevices: [{ mode: 'dynamic-passthrough', vendorId: '10de', deviceId: '2204' }],
  usbDevices: [],
  usbController: null,
}

const NS =
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'

// A VM config as the simulator returns it for the Ubuntu template (trimmed to what is compared).
const template = readVmState(
  parseXml(
    `<config ${NS}><name>ubuntu-24.04-cloudimg</name><template>true</template><version>vmx-10</version>` +
      '<guestId>ubuntu64Guest</guestId><hardware><numCPU>2</numCPU><numCoresPerSocket>1</numCoresPerSocket><memoryMB>2048</memoryMB>' +
      '<device xsi:type="VirtualDisk"><key>2000</key><deviceInfo><label>Hard disk 1</label><summary>10,485,760 KB</summary></deviceInfo>' +
      '<backing xsi:type="VirtualDiskFlatVer2BackingInfo"><fileName>[ds] t/t.vmdk</fileName><diskMode>persistent</diskMode></backing>' +
      '<controllerKey>1000</controllerKey><unitNumber>0</unitNumber><capacityInKB>10485760</capacityInKB></device>' +
      '<device xsi:type="VirtualVmxnet3"><key>4000</key><deviceInfo><label>Network adapter 1</label><summary>VM Network</summary></deviceInfo>' +
      '<backing xsi:type="VirtualEthernetCardNetworkBackingInfo"><deviceName>VM Network</deviceName></backing>' +
      '<controllerKey>100</controllerKey><unitNumber>7</unitNumber><addressType>generated</addressType><macAddress>00:50:56:aa:bb:cc</macAddress></device>' +
      '</hardware><cpuHotAddEnabled>false</cpuHotAddEnabled><firmware>bios</firmware><vAppConfig><product><key>0</key></product></vAppConfig></config>',
    't',
  ),
)

const wrap = (inner: string) => parseXml(`<spec ${NS}>${inner}</spec>`, 't')

describe('configChanges', () => {
  const dvpg = {
    kind: 'distributed' as const,
    name: 'lab-pg',
    switchUuid: '50 2a 1b',
    portgroupKey: 'dvportgroup-13',
  }
  const options = {
    planHash: 'sha256:1',
    network: dvpg,
    pciDevices: spec.pciDevices,
    pci: true,
    growDisk: true,
    ignoreGuestinfo: false,
  }

  it('emits what differs, in WSDL order, editing devices by their own key', () => {
    const { changes, xml } = configChanges(spec, template, options)
    const node = wrap(xml)
    expect([...new Set(node.children.map((c) => c.name))]).toEqual([
      'numCPUs',
      'numCoresPerSocket',
      'memoryMB',
      'deviceChange',
      'extraConfig',
      'vAppConfigRemoved',
      'firmware',
      'memoryReservationLockedToMax',
    ])
    const edits = children(node, 'deviceChange').map((d) => [
      text(d, 'operation'),
      child(d, 'device')!.xsiType,
      text(child(d, 'device')!, 'key'),
    ])
    expect(edits).toEqual([
      ['edit', 'VirtualDisk', '2000'],
      ['edit', 'VirtualVmxnet3', '4000'],
      ['add', 'VirtualPCIPassthrough', '-100'],
    ])
    const nic = child(children(node, 'deviceChange')[1]!, 'device')!
    expect(text(child(child(nic, 'backing')!, 'port')!, 'portgroupKey')).toBe('dvportgroup-13')
    expect(text(nic, 'macAddress')).toBe('00:50:56:aa:bb:cc')
    expect(changes).toContain('disk 10 → 60 GiB')
    expect(changes).toContain('NIC from VM Network to distributed port group lab-pg')
    expect(changes).toContain('remove the vApp (OVF) properties')
  })

  it('a clone spec leaves the disk alone; an existing VM ignores guestinfo cloud-init cleared', () => {
    expect(configChanges(spec, template, { ...options, growDisk: false }).changes).not.toContain(
      'disk 10 → 60 GiB',
    )
    const cleared = {
      ...template,
      numCpus: 8,
      numCoresPerSocket: 8,
      memoryMiB: 16384,
      firmware: 'efi',
      memoryReservationLockedToMax: true,
      hasVApp: false,
      disks: template.disks.map((d) => ({ ...d, capacityKiB: 60 * 1024 * 1024 })),
      nics: template.nics.map((n) => ({ ...n, network: dvpg })),
      pciDevices: [
        {
          mode: 'dynamic-passthrough' as const,
          pciId: '10de:2204',
          busId: null,
          vgpuProfile: null,
        },
      ],
      extraConfig: new Map([['homelab-ai.plan', 'sha256:1']]),
    }
    expect(configChanges(spec, cleared, { ...options, ignoreGuestinfo: true }).changes).toEqual([])
  })

  it('counts each held PCI device once', () => {
    const want = [spec.pciDevices[0]!, spec.pciDevices[0]!]
    const have = [
      { mode: 'dynamic-passthrough' as const, pciId: '10de:2204', busId: null, vgpuProfile: null },
    ]
    expect(missingPci(want, have)).toHaveLength(1)
  })
})
