import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseMounts } from './parse-mounts.js'
import type { LinuxFacts, StatFs } from './read-linux-facts.js'
import { readLinuxFacts } from './read-linux-facts.js'

const fixtureRoot = (tree: string) => fileURLToPath(new URL(`./fixtures/${tree}`, import.meta.url))

/** 4 KiB blocks: 1 GiB per 262144. Mounts named `/mnt/gone` answer like a dead share. */
const fakeStatfs = (mountPath: string): Promise<StatFs | null> =>
  Promise.resolve(
    mountPath === '/mnt/gone' ? null : { bsize: 4096, blocks: 262144 * 100, bavail: 262144 * 40 },
  )

const notesOf = (facts: LinuxFacts, area: string) =>
  facts.notes.filter((n) => n.area === area).map((n) => n.message)

interface TreeCase {
  readonly tree: string
  readonly check: (facts: LinuxFacts) => void
}

const cases: TreeCase[] = [
  {
    tree: 'vmware-vm-rtx3090-passthrough',
    check: (f) => {
      expect(f.os).toEqual({
        platform: 'linux',
        name: 'Ubuntu 22.04.3 LTS',
        kernel: '5.15.0-91-generic',
        hostname: 'ai-vm',
      })
      expect(f.virtualization).toMatchObject({
        kind: 'vmware',
        role: 'vm',
        vmKind: 'vmware',
        containerKind: null,
        isVmwareGuest: true,
        hypervisorFlag: false,
        openVmTools: true,
      })
      expect(f.virtualization.evidence).toContain('DMI product_name = VMware7,1')
      expect(f.openVmTools).toBe(true)
      // The VMware SVGA (15ad:0405) is a display, not a GPU.
      expect(f.gpus).toEqual([
        {
          vendor: 'nvidia',
          name: 'NVIDIA GeForce RTX 3090',
          vramMiB: null,
          vramFreeMiB: null,
          driver: '535.129.03',
          cudaVersion: null,
          rocmVersion: null,
          busId: '0000:0b:00.0',
          pciId: '10de:2204',
          pcie: { genCurrent: 1, genMax: 4, widthCurrent: 16, widthMax: 16 },
          attachment: 'passthrough',
          vgpuProfile: null,
          vgpuFramebufferMiB: null,
          source: 'sysfs',
        },
      ])
      expect(f.cpu).toMatchObject({ vendor: 'Intel', cores: 4, threads: 4, sockets: 1 })
      expect(f.cpu.simd).toEqual(['sse4.2', 'avx', 'f16c', 'fma', 'avx2'])
      expect(f.memory.totalGiB).toBe((32863340 * 1024) / 2 ** 30)
      expect(f.storage.map((s) => [s.mount, s.device, s.kind, s.model])).toEqual([
        ['/', '/dev/sda2', 'virtual', 'Virtual disk'],
        ['/boot/efi', '/dev/sda1', 'virtual', 'Virtual disk'],
      ])
      expect(f.storage[0]).toMatchObject({ fsType: 'ext4', sizeGiB: 100, freeGiB: 40 })
      expect(f.accelerators).toEqual([])
    },
  },
  {
    tree: 'baremetal-2gpu',
    check: (f) => {
      expect(f.virtualization).toMatchObject({ kind: 'none', role: 'bare-metal', vmKind: null })
      expect(f.gpus.map((g) => [g.name, g.busId, g.driver, g.attachment, g.pcie])).toEqual([
        [
          'NVIDIA GeForce RTX 3090',
          '0000:01:00.0',
          '550.54.14',
          'bare-metal',
          { genCurrent: 3, genMax: 4, widthCurrent: 16, widthMax: 16 },
        ],
        [
          'NVIDIA GeForce RTX 3070',
          '0000:09:00.0',
          '550.54.14',
          'bare-metal',
          { genCurrent: 2, genMax: 4, widthCurrent: 4, widthMax: 16 },
        ],
      ])
      expect(f.cpu).toMatchObject({
        model: 'AMD Ryzen 5 1600 Six-Core Processor',
        cores: 6,
        threads: 12,
        clockMHz: 1550,
        maxClockMHz: 3200,
      })
      // /var/lib/docker was mounted twice; squashfs snaps and tmpfs are left out.
      expect(f.storage.map((s) => [s.mount, s.kind, s.model])).toEqual([
        ['/', 'nvme', 'Samsung SSD 970 EVO Plus 1TB'],
        ['/boot/efi', 'nvme', 'Samsung SSD 970 EVO Plus 1TB'],
        ['/mnt/models', 'network', null],
        ['/mnt/media', 'network', null],
        ['/var/lib/docker', 'nvme', 'Samsung SSD 970 EVO Plus 1TB'],
      ])
    },
  },
  {
    tree: 'amd-card',
    check: (f) => {
      expect(f.os.name).toBe('Arch Linux')
      expect(
        f.gpus.map((g) => [g.name, g.vramMiB, g.vramFreeMiB, g.driver, g.pcie?.genMax]),
      ).toEqual([
        [
          'AMD GPU 1002:744c',
          25753026560 / 2 ** 20,
          (25753026560 - 1073741824) / 2 ** 20,
          'amdgpu',
          4,
        ],
        [
          'AMD GPU 1002:687f',
          8573157376 / 2 ** 20,
          (8573157376 - 1490378752) / 2 ** 20,
          'amdgpu',
          3,
        ],
      ])
      expect(f.gpus[0]?.vramMiB).toBe(24560)
      // The Vega card's recorded mem_info_gtt_total; the 7900 XTX's tree has none.
      expect(f.gpus.map((g) => g.gttMiB)).toEqual([undefined, 8573157376 / 2 ** 20])
      expect(f.cpu).toMatchObject({ cores: 12, threads: 16, maxClockMHz: 4800 })
      expect(f.cpu.simd).toContain('avx-vnni')
      // proc/self/mounts is absent in this tree: the probe falls back to proc/mounts.
      expect(f.storage.map((s) => [s.mount, s.fsType, s.kind])).toEqual([
        ['/', 'btrfs', 'nvme'],
        ['/home', 'btrfs', 'nvme'],
        ['/boot', 'vfat', 'nvme'],
      ])
    },
  },
  {
    tree: 'coral-usb',
    check: (f) => {
      expect(f.accelerators.map((a) => [a.kind, a.id, a.state, a.usbSpeedMbps, a.busId])).toEqual([
        ['coral-usb', '1a6e:089a', 'bootloader', 480, '1-1'],
        ['coral-usb', '18d1:9302', 'ready', 5000, '2-1'],
        ['coral-pcie', '1ac1:089a', 'ready', null, '0000:01:00.0'],
        ['coral-pcie', '1ac1:089a', 'no-driver', null, '0000:02:00.0'],
      ])
      expect(f.accelerators[2]?.notes).toEqual(['Device node /dev/apex_0'])
      expect(notesOf(f, 'accelerator')).toEqual([
        'Coral USB Accelerator on port 1-1 runs at USB 2 speed (480 Mbit/s)',
        'Coral PCIe/M.2 Edge TPU at 0000:02:00.0 has no apex driver bound',
      ])
      expect(f.cpu).toMatchObject({ arch: 'arm64', vendor: 'Cavium', cores: 2, simd: ['neon'] })
      expect(f.virtualization).toMatchObject({ kind: 'none', hypervisorFlag: null })
      expect(f.gpus).toEqual([])
      expect(f.storage.map((s) => [s.mount, s.kind, s.model])).toEqual([
        ['/', 'ssd', null],
        ['/boot/firmware', 'ssd', null],
        ['/media/usb stick', 'usb', 'Ultra Fit'],
      ])
    },
  },
  {
    tree: 'nvme-workstation',
    check: (f) => {
      expect(f.cpu).toMatchObject({
        vendor: 'Intel',
        model: 'Intel(R) Xeon(R) w5-2455X',
        cores: 12,
        threads: 24,
        sockets: 1,
        clockMHz: 3200,
        maxClockMHz: 4600,
      })
      expect(f.cpu.simd).toEqual(
        expect.arrayContaining(['avx512f', 'avx512-vnni', 'avx512-bf16', 'amx']),
      )
      expect(f.memory).toMatchObject({ type: 'DDR5', speedMTs: null, channels: 4 })
      expect(notesOf(f, 'memory')).toEqual([
        'Memory type DDR5 comes from EDAC; the speed is not in EDAC',
      ])
      // The ASPEED BMC display is not a GPU.
      expect(f.gpus).toEqual([])
      expect(f.storage.map((s) => [s.mount, s.device, s.kind, s.model])).toEqual([
        ['/', '/dev/nvme0n1p2', 'nvme', 'Samsung SSD 990 PRO 2TB'],
        ['/boot/efi', '/dev/nvme0n1p1', 'nvme', 'Samsung SSD 990 PRO 2TB'],
        ['/srv/models', '/dev/mapper/vg0-models', 'nvme', 'WD_BLACK SN850X 4000GB'],
        ['/mnt/sata ssd', '/dev/sda1', 'ssd', 'Samsung SSD 870'],
        ['/srv/archive', '/dev/sdb1', 'hdd', 'WDC WD80EFZZ-68B'],
      ])
    },
  },
  {
    tree: 'empty-machine',
    check: (f) => {
      expect(f.cpu).toMatchObject({ arch: 'arm64', model: 'Neoverse-N1', cores: 1, threads: 1 })
      expect(f.memory.totalGiB).toBe((3927872 * 1024) / 2 ** 30)
      expect(f.gpus).toEqual([])
      expect(f.accelerators).toEqual([])
      expect(f.storage).toEqual([])
      expect(f.virtualization).toMatchObject({ kind: 'none', role: 'bare-metal', evidence: [] })
      expect(f.os).toEqual({ platform: 'linux', name: null, kernel: null, hostname: null })
      expect(f.notes.map((n) => n.area)).toEqual(['os', 'memory', 'storage'])
    },
  },
  {
    tree: 'kvm-vm-p100-passthrough',
    check: (f) => {
      // Real sysfs: virtio-gpu is left out, the P100 is passed through, no /proc/driver/nvidia.
      expect(f.gpus.map((g) => [g.name, g.pciId, g.driver, g.attachment, g.pcie])).toEqual([
        ['NVIDIA GPU 10de:15f8', '10de:15f8', 'nvidia', 'passthrough', null],
      ])
      expect(notesOf(f, 'gpu')).toHaveLength(1)
      expect(f.virtualization).toMatchObject({ kind: 'vm-other', role: 'vm', hypervisorFlag: true })
      expect(f.cpu).toMatchObject({ cores: 8, threads: 8 })
      expect(f.storage.map((s) => [s.mount, s.device, s.kind])).toEqual([
        ['/', '/dev/root', 'unknown'],
        ['/boot/efi', '/dev/sda15', 'virtual'],
      ])
    },
  },
  {
    tree: 'broken-values',
    check: (f) => {
      expect(f.cpu).toMatchObject({
        vendor: null,
        threads: 4,
        cores: 2,
        sockets: 1,
        maxClockMHz: null,
      })
      expect(f.memory.totalGiB).toBe(0)
      expect(f.gpus.map((g) => [g.pciId, g.vramMiB, g.vramFreeMiB, g.pcie, g.driver])).toEqual([
        ['1002:73bf', null, null, null, 'amdgpu'],
        ['10de:2684', null, null, null, null],
      ])
      expect(notesOf(f, 'gpu')).toEqual([
        'mem_info_vram_total of 0000:03:00.0 is not a byte count ("abc"): VRAM unknown',
        'mem_info_vram_used of 0000:03:00.0 is not a byte count ("12x"): free VRAM unknown',
        'NVIDIA GPU 10de:2684 (0000:04:00.0) has no kernel driver bound, so nothing can use it',
      ])
      expect(notesOf(f, 'cpu')).toHaveLength(1)
      expect(notesOf(f, 'memory')[0]).toContain('no MemTotal')
      expect(f.storage.map((s) => s.mount)).toEqual(['/'])
      expect(notesOf(f, 'storage')).toEqual([
        'Could not read the size of /mnt/gone (ext4); it is left out',
      ])
    },
  },
]

describe('readLinuxFacts on fixture trees', () => {
  it.each(cases)('$tree', async ({ tree, check }) => {
    check(await readLinuxFacts({ root: fixtureRoot(tree), statfs: fakeStatfs }))
  })

  it('never throws on a root that does not exist', async () => {
    const facts = await readLinuxFacts({ root: fixtureRoot('no-such-tree'), statfs: fakeStatfs })
    expect(facts.cpu.threads).toBe(0)
    expect(facts.notes.map((n) => n.area)).toEqual([
      'os',
      'cpu',
      'cpu',
      'memory',
      'memory',
      'storage',
    ])
  })
})

describe('readLinuxFacts on this machine', () => {
  // Speed is measured by `npm run bench:probe`, never asserted in a test (shared, noisy machines).
  it('agrees with /proc', async () => {
    const facts = await readLinuxFacts()

    const memTotalKb = Number(
      /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1],
    )
    expect(facts.memory.totalGiB).toBe((memTotalKb * 1024) / 2 ** 30)

    const expectedMounts = parseMounts(readFileSync('/proc/mounts', 'utf8')).map((m) => m.mount)
    expect(expectedMounts).toContain('/')
    expect(facts.storage.map((s) => s.mount).sort()).toEqual([...expectedMounts].sort())

    if (existsSync('/.dockerenv')) expect(facts.virtualization.kind).toBe('docker')
  })
})
