/**
 * The HTTP(S) leg of vim25 SOAP over node:https, with certificate checks we control:
 * - default: the system CAs (or `ca`) must vouch for the certificate and the host name must match;
 * - `thumbprint`: the certificate's SHA-256 must equal the pinned one (ESXi's self-signed case);
 * - plain http only to a loopback address (the simulator), so a password never crosses a network in clear.
 * There is deliberately no "accept any certificate" switch.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import tls from 'node:tls'
import { UsageError } from '../../core/errors.js'
import { VsphereConnectionError, VsphereTlsError } from './vsphere-errors.js'

/** One SOAP POST. */
export interface SoapHttpRequest {
  readonly url: string
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  /** The vim25 method, for error messages. */
  readonly method: string
}

export interface SoapHttpResponse {
  readonly status: number
  readonly body: string
  readonly setCookie: readonly string[]
}

/** What the client needs to reach the server; tests pass their own (a proxy that drops, a recorder). */
export interface SoapTransport {
  send(request: SoapHttpRequest): Promise<SoapHttpResponse>
  close(): void
}

export interface HttpsTransportOptions {
  /** SHA-256 of the server certificate, hex with or without colons. */
  readonly thumbprint?: string
  /** PEM text of the CA(s) that signed the server certificate. */
  readonly ca?: string
  readonly timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 120_000

/** Normalises a thumbprint to `AA:BB:...`; a SHA-1 or garbage value is a usage error. */
export function normalizeThumbprint(value: string): string {
  const hex = value.replace(/[:\s]/g, '').toUpperCase()
  if (/^[0-9A-F]{40}$/.test(hex)) {
    throw new UsageError(
      '--thumbprint looks like a SHA-1 thumbprint; give the SHA-256 one (openssl x509 -noout -fingerprint -sha256)',
    )
  }
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new UsageError(
      '--thumbprint must be a SHA-256 fingerprint: 64 hex digits, colons allowed',
    )
  }
  return hex.match(/../g)!.join(':')
}

/** SHA-256 thumbprint of a DER certificate, `AA:BB:...`. */
export function certificateThumbprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  )
}

/**
 * Checks the peer once the TLS handshake is done, before any byte of the request (and so the
 * password) is written. Node's own checkServerIdentity is never reached for a self-signed
 * certificate, which is exactly ESXi's default, so pinning has to happen here.
 */
function verifyPeer(
  socket: tls.TLSSocket,
  host: string,
  options: HttpsTransportOptions,
): Error | null {
  const cert = socket.getPeerCertificate()
  const presented = cert.raw == null ? null : certificateThumbprint(cert.raw)
  if (options.thumbprint != null) {
    const pinned = normalizeThumbprint(options.thumbprint)
    if (presented === pinned) return null
    return new VsphereTlsError(
      `the certificate of ${host} does not match --thumbprint: it presented SHA-256 ${presented ?? 'nothing'}`,
      presented,
    )
  }
  if (!socket.authorized) {
    const reason = String(socket.authorizationError ?? 'unknown reason')
    return new VsphereTlsError(
      `the certificate of ${host} is not trusted (${reason}); if you checked it on the host console, ` +
        `pin it with --thumbprint ${presented ?? '<sha256>'} or pass --ca-file`,
      presented,
    )
  }
  const identityError = tls.checkServerIdentity(host, cert)
  if (identityError != null) {
    return new VsphereTlsError(
      `the certificate of ${host} is for another name (${identityError.message})`,
      presented,
    )
  }
  return null
}

class VerifyingAgent extends https.Agent {
  constructor(private readonly verify: HttpsTransportOptions) {
    super({ keepAlive: true, maxSockets: 8 })
  }
  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const tlsOptions = options as tls.ConnectionOptions
    // Node leaves servername empty for an IP address: fall back to the host then.
    const host = tlsOptions.servername || tlsOptions.host || 'the server'
    const socket = tls.connect({ ...tlsOptions, ca: this.verify.ca, rejectUnauthorized: false })
    const onError = (err: Error) => callback?.(err, socket)
    socket.once('error', onError)
    socket.once('secureConnect', () => {
      socket.off('error', onError)
      const problem = verifyPeer(socket, host, this.verify)
      if (problem != null) {
        socket.destroy()
        callback?.(problem, socket)
        return
      }
      callback?.(null, socket)
    })
    // Returning nothing makes the agent wait for the callback, i.e. for verification.
    return undefined
  }
}

function connectionError(err: unknown, request: SoapHttpRequest): Error {
  if (err instanceof VsphereTlsError) return err
  const code = (err as { code?: string }).code ?? ''
  const reason = err instanceof Error ? err.message : String(err)
  const host = new URL(request.url).host
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') {
    return new VsphereConnectionError(`cannot reach ${host} (${code})`, { cause: err })
  }
  return new VsphereConnectionError(
    `the connection to ${host} dropped during ${request.method} (${reason}); its outcome is unknown`,
    { cause: err },
  )
}

/** The real transport for `url`; one keep-alive connection pool per client. */
export function createHttpsTransport(url: URL, options: HttpsTransportOptions = {}): SoapTransport {
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(
      `refusing plain http to ${url.host}: use https (the password would be sent in clear)`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must be an https:// URL or a host name, not ${url.protocol}`)
  }
  if (options.thumbprint != null) normalizeThumbprint(options.thumbprint)
  const secure = url.protocol === 'https:'
  const agent: http.Agent = secure
    ? new VerifyingAgent(options)
    : new http.Agent({ keepAlive: true, maxSockets: 8 })
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const send = (request: SoapHttpRequest) =>
    new Promise<SoapHttpResponse>((resolve, reject) => {
      const target = new URL(request.url)
      const req = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', (err) => reject(connectionError(err, request)))
          res.on('aborted', () => reject(connectionError(new Error('response aborted'), request)))
          res.on('end', () => {
            if (!res.complete) {
              reject(connectionError(new Error('response cut short'), request))
              return
            }
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              setCookie: res.headers['set-cookie'] ?? [],
            })
          })
        },
      )
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      req.on('error', (err) => reject(connectionError(err, request)))
      req.end(request.body)
    })
  return { send, close: () => agent.destroy() }
}
