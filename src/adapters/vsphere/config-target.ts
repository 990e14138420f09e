/**
 * `EnvironmentBrowser.QueryConfigTarget(host)`: the only source of a DirectPath device's
 * `systemId`, and the list of USB devices a VM can take. Parsing is pure.
 */
import type { VsphereClient } from './client.js'
import { retrieveObjects } from './property-collector.js'
import {
  bool,
  child,
  children,
  int,
  moRefXml,
  shortToHex,
  text,
  type MoRef,
  type XmlNode,
} from './soap-envelope.js'

/** A device the host offers for DirectPath (plain or SR-IOV physical function). */
export interface PassthroughTarget {
  readonly busId: string
  readonly pciId: string
  readonly name: string
  readonly systemId: string
}

/** A host USB device, as ConfigTarget.usb[] lists it. */
export interface UsbTarget {
  readonly description: string
  readonly vendorId: string
  readonly productId: string
  readonly physicalPath: string | null
  /** The VM holding it now (`summary.vm`), if any. */
  readonly inUseBy: string | null
}

export interface ConfigTarget {
  readonly passthrough: readonly PassthroughTarget[]
  readonly vgpuProfiles: readonly string[]
  readonly usb: readonly UsbTarget[]
}

/** Parses a ConfigTarget element (the QueryConfigTarget `returnval`). */
export function parseConfigTarget(node: XmlNode): ConfigTarget {
  const passthrough = [...children(node, 'pciPassthrough'), ...children(node, 'sriov')].flatMap(
    (entry): PassthroughTarget[] => {
      // SR-IOV virtual functions are not whole devices; only physical functions pass through.
      if (bool(entry, 'virtualFunction') === true) return []
      const device = child(entry, 'pciDevice')
      const systemId = text(entry, 'systemId')
      if (device == null || systemId == null) return []
      return [
        {
          busId: (text(device, 'id') ?? '').toLowerCase(),
          pciId: `${shortToHex(int(device, 'vendorId') ?? 0)}:${shortToHex(int(device, 'deviceId') ?? 0)}`,
          name: text(device, 'deviceName') ?? '',
          systemId,
        },
      ]
    },
  )
  const vgpuProfiles = children(node, 'sharedGpuPassthroughTypes').flatMap((t) => {
    const name = text(t, 'vgpu')
    return name == null ? [] : [name]
  })
  const usb = children(node, 'usb').map((u) => ({
    description: text(u, 'description') ?? 'USB device',
    vendorId: shortToHex(int(u, 'vendor') ?? 0),
    productId: shortToHex(int(u, 'product') ?? 0),
    physicalPath: text(u, 'physicalPath'),
    inUseBy: (() => {
      const summary = child(u, 'summary')
      return summary == null ? null : (child(summary, 'vm')?.text ?? null)
    })(),
  }))
  return { passthrough, vgpuProfiles, usb }
}

/** Asks the host's compute resource what a VM on `host` could use. */
export async function queryConfigTarget(
  client: VsphereClient,
  computeResource: MoRef,
  host: MoRef,
): Promise<ConfigTarget> {
  const [content] = await retrieveObjects(client, [computeResource], ['environmentBrowser'])
  const browser = content?.props.get('environmentBrowser')
  if (browser == null || browser.text === '') return { passthrough: [], vgpuProfiles: [], usb: [] }
  return queryBrowser(client, { type: 'EnvironmentBrowser', value: browser.text }, host)
}

/** QueryConfigTarget on a known EnvironmentBrowser (the inventory has read it already). */
export async function queryBrowser(
  client: VsphereClient,
  browser: MoRef,
  host: MoRef,
): Promise<ConfigTarget> {
  const res = await client.invoke('QueryConfigTarget', browser, moRefXml('host', host))
  const ret = child(res, 'returnval')
  return ret == null ? { passthrough: [], vgpuProfiles: [], usb: [] } : parseConfigTarget(ret)
}
