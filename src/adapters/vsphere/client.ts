/**
 * A vim25 session: RetrieveServiceContent, Login, calls with the session cookie, one re-login
 * when the session expired, optional keep-alive, Logout. Credentials stay in this closure:
 * never logged, never written, never put into an error message.
 */
import { readFile } from 'node:fs/promises'
import { InputFileError, UsageError } from '../../core/errors.js'
import { createHttpsTransport, type SoapTransport } from './https-transport.js'
import {
  buildRequest,
  child,
  el,
  moRef,
  parseResponse,
  text,
  type MoRef,
  type XmlNode,
} from './soap-envelope.js'
import { VsphereNotAuthenticatedError, VsphereProtocolError } from './vsphere-errors.js'

export interface VsphereClientOptions {
  /** `https://host/sdk`, `https://host`, or a bare host name. */
  readonly url: string
  readonly username: string
  readonly password: string
  /** Pin the server certificate by its SHA-256 fingerprint. */
  readonly thumbprint?: string
  /** Trust the CA(s) in this PEM file instead of the system store. */
  readonly caFile?: string
  /** Replaces the network; tests and proxies. */
  readonly transport?: SoapTransport
  /** Call CurrentTime this often while idle, so long plans keep the session (0/undefined: off). */
  readonly keepAliveMs?: number
  readonly timeoutMs?: number
}

/** The ServiceContent fields we use. */
export interface ServiceContent {
  readonly rootFolder: MoRef
  readonly propertyCollector: MoRef
  readonly viewManager: MoRef
  readonly sessionManager: MoRef
  /** Datastore file operations (MakeDirectory, DeleteDatastoreFile_Task); null if absent. */
  readonly fileManager: MoRef | null
  /** VMDK operations (CopyVirtualDisk_Task): what standalone ESXi has instead of CloneVM_Task. */
  readonly virtualDiskManager: MoRef | null
  readonly about: {
    readonly fullName: string
    readonly version: string
    /** `VirtualCenter` or `HostAgent` (a standalone ESXi). */
    readonly apiType: string
    readonly apiVersion: string
  }
}

export interface InvokeOptions {
  /** Runs on the reply inside the re-login guard (a property collector's missingSet NotAuthenticated). */
  readonly check?: (response: XmlNode) => void
}

/** An open vim25 session. */
export interface VsphereClient {
  /** The SDK URL without credentials, for messages. */
  readonly url: string
  /** RetrieveServiceContent + Login; call once before anything else. */
  connect(): Promise<ServiceContent>
  readonly serviceContent: ServiceContent
  /** Calls `method` on `self`; `argsXml` must already be escaped (use soap-envelope's builders). */
  invoke(method: string, self: MoRef, argsXml: string, options?: InvokeOptions): Promise<XmlNode>
  /** Logs out and closes connections; safe to call twice. */
  close(): Promise<void>
}

const SERVICE_INSTANCE: MoRef = { type: 'ServiceInstance', value: 'ServiceInstance' }
/** The oldest release we speak; the server's own apiVersion is used once known. */
const BASE_VERSION = '6.5'

/** `esxi.lab` → `https://esxi.lab/sdk`; user:password in the URL (govc style) are split off. */
export function normalizeSdkUrl(raw: string): { url: URL; username: string; password: string } {
  const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new UsageError(`--server is not a URL or host name: "${raw}"`)
  }
  const username = decodeURIComponent(url.username)
  const password = decodeURIComponent(url.password)
  url.username = ''
  url.password = ''
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk'
  return { url, username, password }
}

function readServiceContent(node: XmlNode): ServiceContent {
  const ret = child(node, 'returnval')
  const about = ret == null ? undefined : child(ret, 'about')
  const ref = (name: string) => {
    const found = ret == null ? undefined : child(ret, name)
    if (found == null)
      throw new VsphereProtocolError(`RetrieveServiceContent: no ${name} in the reply`)
    return moRef(found)
  }
  const optionalRef = (name: string) => {
    const found = ret == null ? undefined : child(ret, name)
    return found == null ? null : moRef(found)
  }
  if (about == null) throw new VsphereProtocolError('RetrieveServiceContent: no about in the reply')
  return {
    rootFolder: ref('rootFolder'),
    propertyCollector: ref('propertyCollector'),
    viewManager: ref('viewManager'),
    sessionManager: ref('sessionManager'),
    fileManager: optionalRef('fileManager'),
    virtualDiskManager: optionalRef('virtualDiskManager'),
    about: {
      fullName: text(about, 'fullName') ?? '',
      version: text(about, 'version') ?? '',
      apiType: text(about, 'apiType') ?? '',
      apiVersion: text(about, 'apiVersion') ?? BASE_VERSION,
    },
  }
}

/** Creates a client; nothing is sent until `connect()`. */
export function createVsphereClient(options: VsphereClientOptions): VsphereClient {
  const { url } = normalizeSdkUrl(options.url)
  let transport: SoapTransport | null = options.transport ?? null
  let cookie: string | null = null
  let content: ServiceContent | null = null
  let version = BASE_VERSION
  let keepAlive: NodeJS.Timeout | null = null
  let closed = false

  const getTransport = async () => {
    if (transport != null) return transport
    let ca: string | undefined
    if (options.caFile != null) {
      try {
        ca = await readFile(options.caFile, 'utf8')
      } catch (err) {
        throw new InputFileError(
          `cannot read --ca-file ${options.caFile}: ${(err as Error).message}`,
        )
      }
    }
    transport = createHttpsTransport(url, {
      thumbprint: options.thumbprint,
      ca,
      timeoutMs: options.timeoutMs,
    })
    return transport
  }

  const send = async (method: string, self: MoRef, argsXml: string): Promise<XmlNode> => {
    const headers: Record<string, string> = {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `"urn:vim25/${version}"`,
    }
    if (cookie != null) headers.Cookie = cookie
    const res = await (
      await getTransport()
    ).send({
      url: url.toString(),
      body: buildRequest(method, self, argsXml),
      headers,
      method,
    })
    for (const line of res.setCookie) {
      const pair = line.split(';')[0]?.trim()
      if (pair?.startsWith('vmware_soap_session=') === true) cookie = pair
    }
    if (res.status !== 200 && res.status !== 500) {
      throw new VsphereProtocolError(
        `${method}: HTTP ${res.status} from ${url.host} (is this a vSphere SDK URL?)`,
      )
    }
    return parseResponse(res.body, method)
  }

  const login = async () => {
    if (content == null) throw new VsphereProtocolError('login before RetrieveServiceContent')
    cookie = null
    await send(
      'Login',
      content.sessionManager,
      el('userName', options.username) + el('password', options.password),
    )
  }

  const armKeepAlive = () => {
    if (options.keepAliveMs == null || options.keepAliveMs <= 0 || closed) return
    if (keepAlive != null) clearTimeout(keepAlive)
    keepAlive = setTimeout(() => {
      // A failed ping is not an error by itself: the next real call re-logs in or reports it.
      send('CurrentTime', SERVICE_INSTANCE, '').then(armKeepAlive, armKeepAlive)
    }, options.keepAliveMs)
    keepAlive.unref()
  }

  const client: VsphereClient = {
    url: url.toString(),
    get serviceContent() {
      if (content == null) throw new VsphereProtocolError('the vSphere client is not connected yet')
      return content
    },
    async connect() {
      content = readServiceContent(await send('RetrieveServiceContent', SERVICE_INSTANCE, ''))
      version = content.about.apiVersion
      await login()
      armKeepAlive()
      return content
    },
    async invoke(method, self, argsXml, invokeOptions = {}) {
      const once = async () => {
        const res = await send(method, self, argsXml)
        invokeOptions.check?.(res)
        return res
      }
      try {
        return await once()
      } catch (err) {
        if (!(err instanceof VsphereNotAuthenticatedError) || content == null) throw err
        // The session expired (idle timeout, vCenter restart): log in again, once.
        await login()
        return await once()
      } finally {
        armKeepAlive()
      }
    },
    async close() {
      if (closed) return
      closed = true
      if (keepAlive != null) clearTimeout(keepAlive)
      try {
        if (content != null && cookie != null) await send('Logout', content.sessionManager, '')
      } catch {
        // Logging out of a dead connection cannot succeed; the server drops the session on its own.
      } finally {
        transport?.close()
      }
    },
  }
  return client
}
