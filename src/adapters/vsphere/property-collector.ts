/**
 * Bulk reads through the PropertyCollector: one ContainerView over the inventory, then one
 * RetrievePropertiesEx (plus ContinueRetrievePropertiesEx pages) per object type.
 */
import type { VsphereClient } from './client.js'
import {
  child,
  children,
  el,
  methodFault,
  moRef,
  moRefXml,
  text,
  type MoRef,
  type XmlNode,
} from './soap-envelope.js'
import {
  faultToError,
  VsphereNotAuthenticatedError,
  VsphereProtocolError,
} from './vsphere-errors.js'

/** One object and the properties asked for; an absent path was unset (or in missingSet). */
export interface ObjectContent {
  readonly obj: MoRef
  readonly props: ReadonlyMap<string, XmlNode>
}

/** Which properties to read for one managed object type. */
export interface PropertyRequest {
  readonly type: string
  readonly paths: readonly string[]
}

/** The ids in an ArrayOfManagedObjectReference property value; none when it is unset. */
export function refIds(val: XmlNode | undefined): string[] {
  return (val?.children ?? []).map((c) => c.text)
}

/** Objects per page: big enough for few round trips, small enough for a bounded reply. */
const PAGE_SIZE = 1000

function readObjects(response: XmlNode): { objects: ObjectContent[]; token: string | null } {
  const ret = child(response, 'returnval')
  if (ret == null) return { objects: [], token: null }
  const objects = children(ret, 'objects').map((node) => {
    const obj = child(node, 'obj')
    if (obj == null) throw new VsphereProtocolError('RetrievePropertiesEx: an object without obj')
    const props = new Map<string, XmlNode>()
    for (const prop of children(node, 'propSet')) {
      const name = text(prop, 'name')
      const val = child(prop, 'val')
      if (name != null && val != null) props.set(name, val)
    }
    return { obj: moRef(obj), props }
  })
  return { objects, token: text(ret, 'token') }
}

/**
 * Throws for a missingSet that means the whole read failed (session gone, no permission),
 * rather than returning objects with silently missing properties.
 */
function checkMissing(response: XmlNode): void {
  const ret = child(response, 'returnval')
  if (ret == null) return
  for (const object of children(ret, 'objects')) {
    for (const missing of children(object, 'missingSet')) {
      const fault = child(missing, 'fault')
      if (fault == null) continue
      const { faultType, message } = methodFault(fault)
      const path = text(missing, 'path') ?? '?'
      if (faultType === 'NotAuthenticated') {
        throw new VsphereNotAuthenticatedError(
          faultType,
          `reading ${path}: the session is not logged in`,
        )
      }
      if (faultType === 'NoPermission') throw faultToError(faultType, message, `reading ${path}`)
    }
  }
}

function propSetXml(request: PropertyRequest): string {
  return `<propSet>${el('type', request.type)}${request.paths.map((p) => el('pathSet', p)).join('')}</propSet>`
}

async function retrievePaged(client: VsphereClient, specXml: string): Promise<ObjectContent[]> {
  const pc = client.serviceContent.propertyCollector
  const first = await client.invoke(
    'RetrievePropertiesEx',
    pc,
    `<specSet>${specXml}</specSet><options>${el('maxObjects', PAGE_SIZE)}</options>`,
    { check: checkMissing },
  )
  let page = readObjects(first)
  const all = [...page.objects]
  while (page.token != null) {
    const next = await client.invoke('ContinueRetrievePropertiesEx', pc, el('token', page.token), {
      check: checkMissing,
    })
    page = readObjects(next)
    all.push(...page.objects)
  }
  return all
}

/** Reads properties of specific objects (a task, a new VM), without a view. */
export async function retrieveObjects(
  client: VsphereClient,
  objects: readonly MoRef[],
  paths: readonly string[],
): Promise<ObjectContent[]> {
  if (objects.length === 0) return []
  const byType = new Map<string, MoRef[]>()
  for (const obj of objects) byType.set(obj.type, [...(byType.get(obj.type) ?? []), obj])
  const spec =
    [...byType.keys()].map((type) => propSetXml({ type, paths })).join('') +
    objects
      .map((obj) => `<objectSet>${moRefXml('obj', obj)}<skip>false</skip></objectSet>`)
      .join('')
  return retrievePaged(client, spec)
}

/**
 * Reads every object of the requested types under the root folder, one round trip (plus pages)
 * per type, run concurrently. The view is destroyed afterwards even when a read fails.
 * Types must be concrete (`ClusterComputeResource`, not only `ComputeResource`): a ContainerView
 * on the simulator matches type names exactly.
 */
export async function retrieveInventory(
  client: VsphereClient,
  requests: readonly PropertyRequest[],
): Promise<Map<string, ObjectContent[]>> {
  const { viewManager, rootFolder } = client.serviceContent
  const created = await client.invoke(
    'CreateContainerView',
    viewManager,
    moRefXml('container', rootFolder) +
      requests.map((r) => el('type', r.type)).join('') +
      el('recursive', true),
  )
  const viewNode = child(created, 'returnval')
  if (viewNode == null) throw new VsphereProtocolError('CreateContainerView: no view in the reply')
  const view = moRef(viewNode)
  try {
    const results = await Promise.all(
      requests.map((request) =>
        retrievePaged(
          client,
          propSetXml(request) +
            `<objectSet>${moRefXml('obj', view)}<skip>true</skip>` +
            '<selectSet xsi:type="TraversalSpec"><name>view</name><type>ContainerView</type>' +
            '<path>view</path><skip>false</skip></selectSet></objectSet>',
        ),
      ),
    )
    const byType = new Map<string, ObjectContent[]>()
    requests.forEach((request, i) => {
      // Real vCenter also returns subtypes for a propSet type; keep only exact matches per request.
      byType.set(
        request.type,
        (results[i] ?? []).filter((o) => o.obj.type === request.type),
      )
    })
    return byType
  } finally {
    await client.invoke('DestroyView', view, '').catch(() => {
      // The view dies with the session anyway; a failed cleanup must not hide the real error.
    })
  }
}
