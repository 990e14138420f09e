import { refIds, type ObjectContent } from './property-collector.js'

export interface InventoryNetwork {
  readonly id: string
  readonly name: string
  /** `Network` (standard port group), `DistributedVirtualPortgroup` or `OpaqueNetwork`. */
  readonly kind: string
  /** Distributed port groups: the key and switch a NIC backing names (null otherwise). */
  readonly portgroupKey: string | null
  readonly switchUuid: string | null
  readonly switchName: string | null
  /** A distributed switch's uplink port group: carries the host's NICs, never a VM's. */
  readonly uplink: boolean
}

/** Standard, distributed and opaque networks, each distributed port group with its switch. */
export function inventoryNetworks(
  of: (type: string) => readonly ObjectContent[],
): InventoryNetwork[] {
  const switches = new Map(
    [...of('VmwareDistributedVirtualSwitch'), ...of('DistributedVirtualSwitch')].map((s) => [
      s.obj.value,
      {
        name: s.props.get('name')?.text ?? s.obj.value,
        uuid: s.props.get('uuid')?.text ?? null,
        uplinks: new Set(refIds(s.props.get('config.uplinkPortgroup'))),
      },
    ]),
  )
  return ['Network', 'DistributedVirtualPortgroup', 'OpaqueNetwork'].flatMap((kind) =>
    of(kind).map((n): InventoryNetwork => {
      const dvs = switches.get(n.props.get('config.distributedVirtualSwitch')?.text ?? '')
      const distributed = kind === 'DistributedVirtualPortgroup'
      return {
        id: n.obj.value,
        name: n.props.get('name')?.text ?? n.obj.value,
        kind,
        portgroupKey: distributed ? (n.props.get('key')?.text ?? n.obj.value) : null,
        switchUuid: distributed ? (dvs?.uuid ?? null) : null,
        switchName: distributed ? (dvs?.name ?? null) : null,
        uplink: dvs?.uplinks.has(n.obj.value) ?? false,
      }
    }),
  )
}
