import { describe, expect, it } from 'vitest'
import { WINDOWS_CIM_SCRIPT } from './cim-script.js'
import { parseWindowsCim } from './parse-windows-cim.js'

// No recorded Get-CimInstance JSON with a usable licence was found (the only real listings are
// GPL-licensed Format-List text). These inputs are written for the tests, in the shape that
// WINDOWS_CIM_SCRIPT prints (PowerShell 5.1 ConvertTo-Json -Compress of Select-Object results);
// the property names and codes are the documented CIM ones.
const desktop = {
  processors: [
    {
      Name: '13th Gen Intel(R) Core(TM) i7-13700K',
      Manufacturer: 'GenuineIntel',
      NumberOfCores: 16,
      NumberOfLogicalProcessors: 24,
      CurrentClockSpeed: 3400,
      MaxClockSpeed: 3400,
      Architecture: 9,
    },
  ],
  computerSystem: {
    Name: 'GAMING-PC',
    Manufacturer: 'Micro-Star International Co., Ltd.',
    Model: 'MS-7D25',
    TotalPhysicalMemory: 68543377408,
    HypervisorPresent: true,
  },
  operatingSystem: {
    Caption: 'Microsoft Windows 11 Pro',
    Version: '10.0.22631',
    BuildNumber: '22631',
    FreePhysicalMemory: 50331648,
    TotalVisibleMemorySize: 66936892,
  },
  memoryModules: [
    { Capacity: 34359738368, ConfiguredClockSpeed: 5600, Speed: 5600, SMBIOSMemoryType: 34 },
    { Capacity: 34359738368, ConfiguredClockSpeed: 5600, Speed: 6000, SMBIOSMemoryType: 34 },
  ],
  videoControllers: [
    {
      Name: 'NVIDIA GeForce RTX 4090',
      AdapterCompatibility: 'NVIDIA',
      AdapterRAM: 4293918720,
      DriverVersion: '32.0.15.6590',
      PNPDeviceID: 'PCI\\VEN_10DE&DEV_2684&SUBSYS_16F310DE&REV_A1\\4&1D4E5B1&0&0008',
      Status: 'OK',
    },
    {
      Name: 'Intel(R) UHD Graphics 770',
      AdapterCompatibility: 'Intel Corporation',
      AdapterRAM: 1073741824,
      DriverVersion: '31.0.101.4502',
      PNPDeviceID: 'PCI\\VEN_8086&DEV_A780&SUBSYS_7D251462&REV_04\\3&11583659&0&10',
      Status: 'OK',
    },
    {
      Name: 'Parsec Virtual Display Adapter',
      AdapterCompatibility: 'Parsec Cloud, Inc.',
      AdapterRAM: null,
      DriverVersion: '0.45.0.0',
      PNPDeviceID: 'ROOT\\DISPLAY\\0000',
      Status: 'OK',
    },
  ],
  logicalDisks: [
    {
      DeviceID: 'C:',
      FileSystem: 'NTFS',
      Size: 1999461711872,
      FreeSpace: 1099511627776,
      DiskNumber: 0,
    },
    {
      DeviceID: 'D:',
      FileSystem: 'NTFS',
      Size: 4000768323584,
      FreeSpace: 2000384161792,
      DiskNumber: 1,
    },
  ],
  physicalDisks: [
    {
      DeviceId: '0',
      FriendlyName: 'Samsung SSD 990 PRO 2TB',
      MediaType: 4,
      BusType: 17,
      Size: 2000398934016,
    },
    {
      DeviceId: '1',
      FriendlyName: 'WDC WD40EFRX-68N32N0',
      MediaType: 3,
      BusType: 11,
      Size: 4000787030016,
    },
  ],
  accelerators: [
    {
      Name: 'Intel(R) AI Boost',
      Manufacturer: 'Intel Corporation',
      PNPClass: 'ComputeAccelerator',
      PNPDeviceID: 'PCI\\VEN_8086&DEV_7D1D&SUBSYS_00000000&REV_00\\3&11583659&0&58',
      Service: 'npu',
      Status: 'OK',
      ConfigManagerErrorCode: 0,
    },
  ],
  cpuFeatures: [37, 38, 39, 40],
  errors: [],
}

const vmwareVm = {
  ...desktop,
  processors: [
    {
      ...desktop.processors[0],
      Name: 'AMD EPYC 7443P 24-Core Processor',
      NumberOfCores: 4,
      NumberOfLogicalProcessors: 4,
    },
    {
      ...desktop.processors[0],
      Name: 'AMD EPYC 7443P 24-Core Processor',
      NumberOfCores: 4,
      NumberOfLogicalProcessors: 4,
    },
  ],
  computerSystem: {
    Name: 'AI-VM',
    Manufacturer: 'VMware, Inc.',
    Model: 'VMware20,1',
    TotalPhysicalMemory: 34359201792,
    HypervisorPresent: true,
  },
  videoControllers: [
    {
      Name: 'VMware SVGA 3D',
      AdapterCompatibility: 'VMware, Inc.',
      AdapterRAM: 4194304,
      DriverVersion: '9.17.7.4',
      PNPDeviceID: 'PCI\\VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00\\3&61AAA01&0&78',
      Status: 'OK',
    },
    {
      ...desktop.videoControllers[0],
      Name: 'NVIDIA GeForce RTX 3090',
      PNPDeviceID: 'PCI\\VEN_10DE&DEV_2204&SUBSYS_00000000&REV_A1\\4&2&0&00E0',
    },
  ],
  logicalDisks: [
    {
      DeviceID: 'C:',
      FileSystem: 'NTFS',
      Size: 214748364800,
      FreeSpace: 107374182400,
      DiskNumber: 0,
    },
  ],
  physicalDisks: [
    {
      DeviceId: '0',
      FriendlyName: 'VMware Virtual NVMe Disk',
      MediaType: 4,
      BusType: 17,
      Size: 214748364800,
    },
  ],
  accelerators: [],
}

const parse = (value: unknown) => parseWindowsCim(JSON.stringify(value))

describe('parseWindowsCim', () => {
  it('reads a bare-metal desktop', () => {
    const cim = parse(desktop)
    expect(cim.os).toEqual({
      platform: 'win32',
      name: 'Microsoft Windows 11 Pro',
      kernel: 'Windows NT 10.0.22631',
      hostname: 'GAMING-PC',
    })
    expect(cim.cpu).toEqual({
      vendor: 'GenuineIntel',
      model: '13th Gen Intel(R) Core(TM) i7-13700K',
      arch: 'x86-64',
      cores: 16,
      threads: 24,
      sockets: 1,
      simd: ['sse4.2', 'avx', 'avx2'],
      clockMHz: 3400,
      maxClockMHz: 3400,
    })
    expect(cim.memory).toEqual({
      totalGiB: 68543377408 / 1024 ** 3,
      availableGiB: 48,
      type: 'DDR5',
      speedMTs: 5600,
      channels: null,
    })
    expect(
      cim.gpus.map((g) => [g.name, g.vendor, g.vramMiB, g.attachment, g.pciId, g.driver]),
    ).toEqual([
      ['NVIDIA GeForce RTX 4090', 'nvidia', null, 'bare-metal', '10de:2684', '565.90'],
      ['Intel(R) UHD Graphics 770', 'intel', null, 'unified', '8086:a780', '31.0.101.4502'],
    ])
    expect(cim.storage.map((s) => [s.mount, s.kind, s.model, Math.round(s.freeGiB)])).toEqual([
      ['C:\\', 'nvme', 'Samsung SSD 990 PRO 2TB', 1024],
      ['D:\\', 'hdd', 'WDC WD40EFRX-68N32N0', 1863],
    ])
    expect(cim.accelerators).toEqual([
      {
        kind: 'npu',
        name: 'Intel(R) AI Boost',
        id: '8086:7d1d',
        state: 'ready',
        usbSpeedMbps: null,
        busId: null,
        driver: 'npu',
        notes: [],
      },
    ])
    // HypervisorPresent is true on Windows 11 with VBS: it must not make this a VM.
    expect(cim.virtualization).toMatchObject({
      kind: 'none',
      role: 'bare-metal',
      hypervisorFlag: true,
    })
    expect(cim.notes.map((n) => n.message)).toEqual([
      'Windows does not report the real VRAM of NVIDIA GeForce RTX 4090 (Win32_VideoController caps it at 4 GiB)',
    ])
  })

  it('reads a VMware VM with a passed-through GPU and drops the SVGA adapter', () => {
    const cim = parse(vmwareVm)
    expect(cim.virtualization).toEqual({
      kind: 'vmware',
      role: 'vm',
      vmKind: 'vmware',
      containerKind: null,
      isVmwareGuest: true,
      hypervisorFlag: true,
      openVmTools: null,
      evidence: ['Win32_ComputerSystem Manufacturer = VMware, Inc., Model = VMware20,1'],
    })
    expect(cim.cpu).toMatchObject({ cores: 8, threads: 8, sockets: 2 })
    expect(cim.gpus.map((g) => [g.name, g.attachment])).toEqual([
      ['NVIDIA GeForce RTX 3090', 'passthrough'],
    ])
    expect(cim.storage[0]?.kind).toBe('virtual')
  })

  it('reads a vGPU profile in a VM and keeps AMD VRAM under the cap', () => {
    const cim = parse({
      ...vmwareVm,
      videoControllers: [
        { ...desktop.videoControllers[0], Name: 'NVIDIA GRID T4-8Q', AdapterRAM: 4293918720 },
        {
          Name: 'AMD Radeon RX 6400',
          AdapterCompatibility: 'Advanced Micro Devices, Inc.',
          AdapterRAM: 4278190080,
          DriverVersion: '31.0.21912.14',
          PNPDeviceID: 'PCI\\VEN_1002&DEV_743F&SUBSYS_00000000&REV_C7\\6&1',
        },
      ],
    })
    expect(cim.gpus.map((g) => [g.name, g.attachment, g.vgpuProfile, g.vramMiB])).toEqual([
      ['NVIDIA GRID T4-8Q', 'vgpu', 'GRID T4-8Q', null],
      ['AMD Radeon RX 6400', 'passthrough', null, 4080],
    ])
  })

  it.each([
    ['Microsoft Corporation', 'Virtual Machine', 'microsoft'],
    ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', 'qemu'],
    ['innotek GmbH', 'VirtualBox', 'oracle'],
    ['Microsoft Corporation', 'Surface Laptop 5', 'none'],
    ['Dell Inc.', 'OptiPlex 7090', 'none'],
  ])('classifies %s / %s as %s', (Manufacturer, Model, kind) => {
    expect(parse({ ...desktop, computerSystem: { Manufacturer, Model } }).virtualization.kind).toBe(
      kind,
    )
  })

  it('reads Coral devices and their state', () => {
    const coral = (
      Name: string,
      PNPDeviceID: string,
      Status: string,
      ConfigManagerErrorCode: number,
    ) => ({
      Name,
      PNPDeviceID,
      Status,
      ConfigManagerErrorCode,
    })
    const cim = parse({
      ...desktop,
      accelerators: [
        coral(
          'Coral PCIe Accelerator',
          'PCI\\VEN_1AC1&DEV_089A&SUBSYS_089A1AC1&REV_00\\4&1',
          'Error',
          28,
        ),
        coral('USB Accelerator', 'USB\\VID_1A6E&PID_089A\\5&2', 'OK', 0),
        coral('Coral USB Accelerator', 'USB\\VID_18D1&PID_9302\\5&3', 'OK', 0),
      ],
    })
    expect(cim.accelerators.map((a) => [a.kind, a.id, a.state])).toEqual([
      ['coral-pcie', '1ac1:089a', 'no-driver'],
      ['coral-usb', '1a6e:089a', 'bootloader'],
      ['coral-usb', '18d1:9302', 'ready'],
    ])
  })

  it('keeps going when sections failed, with notes', () => {
    const cim = parse({
      ...desktop,
      processors: [],
      physicalDisks: [],
      cpuFeatures: [],
      errors: ['MSFT_PhysicalDisk: Invalid namespace', 'Win32_Processor: Access denied'],
    })
    expect(cim.cpu).toMatchObject({ model: null, cores: 0, threads: 0, sockets: null })
    expect(cim.storage.map((s) => s.kind)).toEqual(['unknown', 'unknown'])
    expect(cim.notes.map((n) => n.message)).toEqual([
      'Windows could not answer MSFT_PhysicalDisk: Invalid namespace',
      'Windows could not answer Win32_Processor: Access denied',
      'Windows did not list the processor (Win32_Processor)',
      expect.stringContaining('real VRAM'),
    ])
  })

  it.each([
    ['', 'PowerShell printed nothing'],
    [
      'Get-CimInstance : Access denied\r\nAt line:1 char:1',
      'PowerShell output is not JSON: Get-CimInstance : Access denied',
    ],
    [JSON.stringify(desktop).slice(0, 300), 'not JSON'],
    ['null', 'Windows did not list the processor'],
    ['[1,2,3]', 'Windows did not list the processor'],
  ])('never throws on bad input %#', (input, message) => {
    const cim = parseWindowsCim(input)
    expect(cim.gpus).toEqual([])
    expect(cim.notes[0]?.message).toContain(message)
  })

  it('reads every key that the PowerShell script prints', () => {
    for (const key of Object.keys(desktop)) expect(WINDOWS_CIM_SCRIPT).toContain(key)
  })
})
