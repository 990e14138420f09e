import { describe, expect, it } from 'vitest'
import { classifyDisk } from './storage.js'

describe('classifyDisk', () => {
  const disk = { sysPath: null, vendor: null, model: null, rotational: null }
  it.each([
    // virtio disks claim to be rotational; the sysfs path tells the truth.
    [
      {
        name: 'vda',
        sysPath: '/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda',
        rotational: '1',
      },
      'virtual',
    ],
    [{ name: 'sda', vendor: 'VMware', model: 'Virtual disk', rotational: '1' }, 'virtual'],
    [{ name: 'sda', vendor: 'QEMU', model: 'QEMU HARDDISK', rotational: '1' }, 'virtual'],
    [{ name: 'nvme0n1', model: 'VMware Virtual NVMe Disk', rotational: '0' }, 'virtual'],
    [{ name: 'xvda' }, 'virtual'],
    [
      {
        name: 'sda',
        sysPath: '/sys/devices/platform/scb/usb2/2-2/2-2:1.0/host0/block/sda',
        rotational: '1',
      },
      'usb',
    ],
    [{ name: 'nvme0n1', model: 'Samsung SSD 990 PRO 2TB', rotational: '0' }, 'nvme'],
    [
      {
        name: 'sda',
        sysPath: '/sys/devices/pci0000:00/0000:00:17.0/ata1/block/sda',
        rotational: '0',
      },
      'ssd',
    ],
    [{ name: 'sdb', rotational: '1' }, 'hdd'],
    [{ name: 'sdc' }, 'unknown'],
  ])('%j → %s', (facts, kind) => {
    expect(classifyDisk({ ...disk, ...facts })).toBe(kind)
  })
})
