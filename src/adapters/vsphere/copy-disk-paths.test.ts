import { describe, expect, it } from 'vitest'
import { copyDiskPaths, parseDatastorePath } from './copy-disk-paths.js'

describe('datastore paths for the copied disk', () => {
  it('copies into the new VM folder on the chosen datastore', () => {
    expect(copyDiskPaths('[datastore1] ubuntu-noble/ubuntu-noble.vmdk', 'ai-lab', 'nvme')).toEqual({
      source: '[datastore1] ubuntu-noble/ubuntu-noble.vmdk',
      folder: '[nvme] ai-lab',
      disk: '[nvme] ai-lab/ai-lab.vmdk',
    })
  })

  it.each([
    ['[datastore1] a/b.vmdk', { datastore: 'datastore1', path: 'a/b.vmdk' }],
    ['[local ssd]   vm/vm.vmdk', { datastore: 'local ssd', path: 'vm/vm.vmdk' }],
    ['[ds]', { datastore: 'ds', path: '' }],
    ['/vmfs/volumes/ds/vm.vmdk', null],
    ['', null],
  ])('%s', (value, expected) => {
    expect(parseDatastorePath(value)).toEqual(expected)
  })
})
