import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exists, listDir, readLinkName, readText, readValue, realPathUnder } from './read-tree.js'

describe('read-tree', () => {
  let root = ''
  beforeAll(async () => {
    // The folder name contains "usb" on purpose: paths must be judged relative to the root.
    root = await mkdtemp(join(tmpdir(), 'usb-tree-'))
    await mkdir(join(root, 'sys/devices/pci0000:00/virtio1/block/vda'), { recursive: true })
    await mkdir(join(root, 'sys/block'), { recursive: true })
    await symlink('../devices/pci0000:00/virtio1/block/vda', join(root, 'sys/block/vda'))
    await symlink('../../bus/pci/drivers/nvidia', join(root, 'sys/driver'))
    await writeFile(join(root, 'sys/value'), ' 0x10de\n')
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('answers undefined or [] for what is not there, never throws', async () => {
    expect(await readText(root, 'nope')).toBeUndefined()
    expect(await readValue(root, 'sys')).toBeUndefined()
    expect(await listDir(root, 'nope')).toEqual([])
    expect(await readLinkName(root, 'sys/value')).toBeUndefined()
    expect(await realPathUnder(root, 'nope')).toBeUndefined()
    expect(await exists(root, 'nope')).toBe(false)
  })

  it('reads values, links and real paths relative to the root', async () => {
    expect(await readValue(root, 'sys/value')).toBe('0x10de')
    expect(await readLinkName(root, 'sys/driver')).toBe('nvidia')
    expect(await realPathUnder(root, 'sys/block/vda')).toBe(
      '/sys/devices/pci0000:00/virtio1/block/vda',
    )
    expect(await listDir(root, 'sys')).toEqual(['block', 'devices', 'driver', 'value'])
  })
})
