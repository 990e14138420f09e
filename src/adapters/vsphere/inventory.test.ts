import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { validateHostTarget } from '../../core/host-target.js'
import { parseConfigTarget } from './config-target.js'
import { hostGpus, parsePciDevices } from './host-devices.js'
import { inventoryFromObjects } from './inventory.js'
import type { ObjectContent } from './property-collector.js'
import {
  child,
  children,
  moRef,
  parseResponse,
  parseXml,
  shortToHex,
  text,
} from './soap-envelope.js'
import { hostTargetFromInventory } from './to-host-target.js'

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

function hostObjects(): ObjectContent[] {
  const res = parseResponse(
    fixture('vcsim_RetrievePropertiesEx_HostSystem_gpus.xml'),
    'RetrievePropertiesEx',
  )
  return children(child(res, 'returnval')!, 'objects').map((o) => ({
    obj: moRef(child(o, 'obj')!),
    props: new Map(children(o, 'propSet').map((p) => [text(p, 'name')!, child(p, 'val')!])),
  }))
}

const about = {
  fullName: 'VMware vCenter Server 6.5.0',
  version: '6.5.0',
  apiType: 'VirtualCenter',
  apiVersion: '6.5',
}

describe('PCI ids', () => {
  it.each([
    [4318, '10de'],
    [-32634, '8086'],
    [4098, '1002'],
    [8708, '2204'],
    [0, '0000'],
  ])('signed short %i is %s', (n, hex) => expect(shortToHex(n)).toBe(hex))
})

describe('a real host without GPUs (vCenter 8.0.3, recorded by pyvmomi)', () => {
  it('lists its 48 PCI functions and no GPU (the VMware SVGA is not one)', () => {
    const res = parseResponse(
      fixture('pyvmomi_cassette-extract_HostSystem-hardware_Fetch-response_nested-esxi-8.0.3.xml'),
      'Fetch',
    )
    const ret = child(res, 'returnval')!
    const wrapper = {
      name: 'val',
      xsiType: 'ArrayOfHostPciDevice',
      attrs: {},
      text: '',
      children: children(ret, 'pciDevice'),
    }
    const devices = parsePciDevices(wrapper)
    expect(devices).toHaveLength(48)
    expect(devices.some((d) => d.pciId === '15ad:0405' && d.classId === '0300')).toBe(true)
    expect(hostGpus(wrapper, undefined, undefined)).toEqual([])
  })
})

describe('inventory from the simulator recording (GPUs injected by test/vcsim)', () => {
  const inv = inventoryFromObjects(new Map([['HostSystem', hostObjects()]]), about)

  it('reads version, CPU, memory and the GPUs with passthrough, VRAM and vGPU profiles', () => {
    const gpuHosts = inv.hosts
      .filter((h) => h.gpus.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name))
    expect(
      gpuHosts.map((h) => ({
        name: h.name,
        esx: h.esxVersion,
        cores: h.cpuCores,
        memGiB: (h.memoryMiB ?? 0) / 1024,
        gpus: h.gpus.map(
          (g) =>
            `${g.pciId} ${g.busId} ${g.vramMiB} cap=${g.passthroughCapable} on=${g.passthroughEnabled} ${g.graphicsType}`,
        ),
        vgpu: h.vgpuProfiles.length,
        mode: h.graphicsMode,
      })),
    ).toMatchInlineSnapshot(`
      [
        {
          "cores": 16,
          "esx": "8.0.2",
          "gpus": [
            "10de:2204 0000:3b:00.0 24576 cap=true on=true direct",
          ],
          "memGiB": 128,
          "mode": "shared",
          "name": "DC0_C0_H0",
          "vgpu": 0,
        },
        {
          "cores": 16,
          "esx": "8.0.3",
          "gpus": [
            "10de:20f1 0000:3b:00.0 40960 cap=true on=false sharedDirect",
          ],
          "memGiB": 256,
          "mode": "sharedDirect",
          "name": "DC0_H0",
          "vgpu": 5,
        },
      ]
    `)
  })

  it("converts a host to the planner's HostTarget, which the planner accepts", () => {
    const host = inv.hosts.find((h) => h.name === 'DC0_C0_H0')!
    const target = hostTargetFromInventory(inv, host)
    expect(validateHostTarget(JSON.parse(JSON.stringify(target)))).toEqual(target)
    expect(target.gpus[0]).toMatchObject({
      pciId: '0000:3b:00.0',
      vendorId: '10de',
      deviceId: '2204',
      vramMiB: 24576,
    })
  })
})

describe('QueryConfigTarget (real ESXi with 4x A100, recorded by govmomi)', () => {
  it('finds DirectPath system ids, SR-IOV physical functions and vGPU profiles', () => {
    const target = parseConfigTarget(
      parseXml(fixture('govmomi_config-target_esxi-a100-vgpu-sriov.xml'), 'fixture'),
    )
    expect(target.passthrough.map((p) => `${p.busId} ${p.pciId}`)).toContain(
      '0000:05:00.1 8086:1572',
    )
    expect(target.passthrough.filter((p) => p.pciId === '10de:20f1')).toHaveLength(4)
    expect(new Set(target.passthrough.map((p) => p.systemId))).toEqual(
      new Set(['69c2ad94-7c22-3506-dd02-78ac443ae2ea']),
    )
    expect(target.vgpuProfiles).toEqual(expect.arrayContaining(['grid_a100-4c', 'grid_a100-40c']))
  })

  it('finds nothing on a host without GPUs', () => {
    const target = parseConfigTarget(
      parseXml(fixture('govmomi_config-target_vcenter-host-15_no-gpu.xml'), 'fixture'),
    )
    expect(target.passthrough.filter((p) => p.pciId.startsWith('10de'))).toEqual([])
    expect(target.vgpuProfiles).toEqual([])
  })
})
