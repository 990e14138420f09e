import type { ObjectContent } from './property-collector.js'
import { bool, int, text } from './soap-envelope.js'

export interface InventoryDatastore {
  readonly id: string
  readonly name: string
  readonly capacityGiB: number
  readonly freeGiB: number
  /** VMFS, NFS, NFS41, vsan, vvol, OTHER (the simulator says OTHER). */
  readonly type: string
  readonly accessible: boolean
}

/** The datastores among RetrievePropertiesEx results, sizes in GiB. */
export function inventoryDatastores(
  of: (type: string) => readonly ObjectContent[],
): InventoryDatastore[] {
  return of('Datastore').map((d): InventoryDatastore => {
    const summary = d.props.get('summary')
    const capacity = summary == null ? 0 : (int(summary, 'capacity') ?? 0)
    const free = summary == null ? 0 : (int(summary, 'freeSpace') ?? 0)
    return {
      id: d.obj.value,
      name: d.props.get('name')?.text ?? d.obj.value,
      capacityGiB: capacity / 1024 ** 3,
      freeGiB: free / 1024 ** 3,
      type: summary == null ? 'unknown' : (text(summary, 'type') ?? 'unknown'),
      accessible: summary == null ? false : bool(summary, 'accessible') !== false,
    }
  })
}
