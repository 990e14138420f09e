import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { archFromMachine, khzToMHz, parseCpuinfo } from './parse-cpuinfo.js'

const fixture = (tree: string) =>
  readFileSync(new URL(`./fixtures/${tree}/proc/cpuinfo`, import.meta.url), 'utf8')

describe('parseCpuinfo on recorded /proc/cpuinfo texts', () => {
  it.each([
    {
      tree: 'baremetal-2gpu',
      expected: {
        vendor: 'AMD',
        model: 'AMD Ryzen 5 1600 Six-Core Processor',
        arch: 'x86-64',
        threads: 12,
        coresFromIds: 6,
        sockets: 1,
        clockMHz: 1550,
        simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2'],
        hypervisorFlag: false,
      },
    },
    {
      // Alder Lake hybrid: 4 P-cores with two threads and 8 E-cores with one.
      tree: 'amd-card',
      expected: {
        vendor: 'Intel',
        model: '12th Gen Intel(R) Core(TM) i7-1270P',
        threads: 16,
        coresFromIds: 12,
        coresFromCount: 12,
        simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2', 'avx-vnni'],
      },
    },
    {
      tree: 'nvme-workstation',
      expected: {
        threads: 24,
        coresFromIds: 12,
        simd: [
          'sse4.2',
          'avx',
          'f16c',
          'fma',
          'avx2',
          'avx-vnni',
          'avx512f',
          'avx512bw',
          'avx512-vnni',
          'avx512-bf16',
          'amx',
        ],
      },
    },
    {
      // Cavium ThunderX: arm64 layout, no trailing newline, no model name.
      tree: 'coral-usb',
      expected: {
        vendor: 'Cavium',
        model: 'ThunderX',
        arch: 'arm64',
        threads: 2,
        coresFromIds: null,
        sockets: null,
        clockMHz: null,
        simd: ['neon'],
        hypervisorFlag: null,
      },
    },
    {
      tree: 'empty-machine',
      expected: { vendor: 'ARM', model: 'Neoverse-N1', arch: 'arm64', simd: ['neon', 'dotprod'] },
    },
    {
      tree: 'kvm-vm-p100-passthrough',
      expected: { threads: 8, coresFromIds: 8, hypervisorFlag: true },
    },
  ])('$tree', ({ tree, expected }) => {
    expect(parseCpuinfo(fixture(tree))).toMatchObject(expected)
  })
})

describe('parseCpuinfo SIMD mapping', () => {
  it.each([
    ['flags', 'lm avx_vnni', ['avx-vnni']],
    ['flags', 'lm avx512f avx512_vnni avx512_bf16', ['avx512f', 'avx512-vnni', 'avx512-bf16']],
    ['flags', 'lm amx_tile', ['amx']],
    ['flags', 'lm amx_int8 amx_bf16', ['amx']],
    ['flags', 'lm sse4_1 sse4_2', ['sse4.2']],
    ['Features', 'fp asimd asimddp i8mm sve sve2', ['neon', 'dotprod', 'i8mm', 'sve', 'sve2']],
    // An x86 flag name on arm means nothing, and the other way round.
    ['Features', 'avx2 asimd', ['neon']],
    ['flags', 'lm asimd', []],
  ])('%s: %s', (key, words, simd) => {
    expect(parseCpuinfo(`processor\t: 0\n${key}\t\t: ${words}\n`).simd).toEqual(simd)
  })
})

describe('parseCpuinfo topology and arch', () => {
  it('counts sockets and cores from physical id + core id pairs', () => {
    const cpu = (n: number, pkg: number, core: number) =>
      `processor\t: ${n}\nphysical id\t: ${pkg}\ncore id\t\t: ${core}\ncpu cores\t: 2\nflags\t\t: lm\n`
    const text = [cpu(0, 0, 0), cpu(1, 0, 1), cpu(2, 1, 0), cpu(3, 1, 1), cpu(4, 0, 0)].join('\n')
    expect(parseCpuinfo(text)).toMatchObject({
      threads: 5,
      coresFromIds: 4,
      coresFromCount: 4,
      sockets: 2,
      arch: 'x86-64',
    })
  })

  it('takes 32-bit arm from CPU architecture 7', () => {
    const text =
      'processor\t: 0\nmodel name\t: ARMv7 Processor rev 4 (v7l)\nFeatures\t: half thumb fastmult vfp edsp neon vfpv3\nCPU architecture: 7\n'
    expect(parseCpuinfo(text)).toMatchObject({ arch: 'arm', model: 'ARMv7 Processor rev 4 (v7l)' })
  })

  it('says other for x86 without long mode and null for text it cannot place', () => {
    expect(parseCpuinfo('processor\t: 0\nflags\t\t: fpu sse2\n').arch).toBe('other')
    expect(parseCpuinfo('garbage').arch).toBeNull()
    expect(parseCpuinfo('').threads).toBe(0)
  })

  it.each([
    ['x86_64', 'x86-64'],
    ['aarch64', 'arm64'],
    ['armv7l', 'arm'],
    ['riscv64', 'other'],
  ])('archFromMachine(%s) = %s', (machine, arch) => {
    expect(archFromMachine(machine)).toBe(arch)
  })

  it.each([
    ['4600000', 4600],
    ['abc', null],
    ['0', null],
    [undefined, null],
  ])('khzToMHz(%s) = %s', (text, mhz) => {
    expect(khzToMHz(text)).toBe(mhz)
  })
})
