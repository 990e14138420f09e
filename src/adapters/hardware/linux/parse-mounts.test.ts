import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeMountField, isNetworkFs, isPseudoMount, parseMounts } from './parse-mounts.js'

describe('parseMounts', () => {
  it('keeps only real storage in a recorded KVM guest mount table', () => {
    const text = readFileSync(
      new URL('./fixtures/kvm-vm-p100-passthrough/proc/self/mounts', import.meta.url),
      'utf8',
    )
    expect(parseMounts(text)).toEqual([
      { device: '/dev/root', mount: '/', fsType: 'ext4' },
      { device: '/dev/sda15', mount: '/boot/efi', fsType: 'vfat' },
    ])
  })

  it('decodes octal escapes and keeps one entry per mount path, the later one', () => {
    const text = [
      '/dev/sda1 /mnt/my\\040disk ext4 rw 0 0',
      '/dev/sdb1 /data ext4 rw 0 0',
      '/dev/sdc1 /data xfs rw 0 0',
      'torn-line',
    ].join('\n')
    expect(parseMounts(text)).toEqual([
      { device: '/dev/sda1', mount: '/mnt/my disk', fsType: 'ext4' },
      { device: '/dev/sdc1', mount: '/data', fsType: 'xfs' },
    ])
  })

  it.each([
    ['overlay', '/', false],
    ['ext4', '/etc/hosts', true],
    ['tmpfs', '/run', true],
    ['cgroup2', '/sys/fs/cgroup', true],
    ['squashfs', '/snap/core22/1033', true],
    ['ext4', '/dev/shm', true],
    ['nfs4', '/mnt/models', false],
  ])('isPseudoMount(%s on %s) = %s', (fsType, mount, pseudo) => {
    expect(isPseudoMount({ device: 'x', mount, fsType })).toBe(pseudo)
  })

  it('knows network filesystems and decodes every escape', () => {
    expect(['nfs', 'nfs4', 'cifs', 'smb3'].every(isNetworkFs)).toBe(true)
    expect(isNetworkFs('ext4')).toBe(false)
    expect(decodeMountField('a\\011b\\134c\\012d')).toBe('a\tb\\c\nd')
  })
})
