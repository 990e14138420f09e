/**
 * Datastore paths for the standalone ESXi way of making the VM, pure: the template's VMDK is
 * copied into the new VM's own folder, named as CreateVM_Task would name it
 * (`[datastore1] ubuntu-noble/ubuntu-noble.vmdk` → `[datastore1] ai-lab/ai-lab.vmdk`).
 */

/** The copy: from the template's VMDK into the new VM's folder. */
export interface CopyDiskPaths {
  /** `[datastore1] ubuntu-noble/ubuntu-noble.vmdk`. */
  readonly source: string
  /** `[nvme] ai-lab`: made by MakeDirectory, removed again on a failure. */
  readonly folder: string
  /** `[nvme] ai-lab/ai-lab.vmdk`. */
  readonly disk: string
}

/** `[datastore1] a/b.vmdk` → `{ datastore: 'datastore1', path: 'a/b.vmdk' }`; null for anything else. */
export function parseDatastorePath(
  value: string,
): { readonly datastore: string; readonly path: string } | null {
  const match = /^\[([^\]]+)\]\s*(.*)$/.exec(value.trim())
  if (match == null) return null
  return { datastore: match[1] ?? '', path: match[2] ?? '' }
}

/** Where the copy of `source` goes for VM `name` on `datastore`. */
export function copyDiskPaths(source: string, name: string, datastore: string): CopyDiskPaths {
  const folder = `[${datastore}] ${name}`
  return { source, folder, disk: `${folder}/${name}.vmdk` }
}
