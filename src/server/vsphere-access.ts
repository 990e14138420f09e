/**
 * The vCenter (or ESXi) the dashboard may talk to, from govc's environment variables read by the
 * server process. The credentials stay inside `connect`: no route returns them, and the page only
 * ever sees the URL without user or password.
 */
import { HomelabError, UsageError } from '../core/errors.js'
import {
  createVsphereClient,
  normalizeSdkUrl,
  type VsphereClient,
  type VsphereClientOptions,
} from '../adapters/vsphere/client.js'

/** A configured vCenter: where it is (for display) and how to open a session. */
export interface VsphereAccess {
  /** The SDK URL without credentials. */
  readonly url: string
  /** Opens and logs in a session; the caller closes it. */
  connect(): Promise<VsphereClient>
}

/** What the page shows when no vCenter is configured. */
export const NO_VCENTER =
  'no vCenter configured: start homelab-ai serve with GOVC_URL, GOVC_USERNAME and GOVC_PASSWORD set'

/** A vSphere route was called but the server has no vCenter: answered 404 with NO_VCENTER. */
export class NoVcenterError extends HomelabError {
  override readonly code: string = 'NO_VCENTER'
}

/**
 * Reads the connection from the environment. Rules:
 * - `GOVC_URL` absent or empty: no vCenter (null, no note);
 * - user from `GOVC_USERNAME` or the URL, password from `GOVC_PASSWORD` or the URL; either
 *   missing: no vCenter, and a note saying which (the server never prompts);
 * - certificate: `GOVC_THUMBPRINT` or `HOMELAB_AI_VSPHERE_THUMBPRINT` pins it, `GOVC_TLS_CA_CERTS`
 *   names a CA file; otherwise the system's CAs, as for `homelab-ai inventory`.
 */
export function vsphereFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  open: (options: VsphereClientOptions) => VsphereClient = createVsphereClient,
): { access: VsphereAccess | null; note: string | null } {
  const raw = env.GOVC_URL?.trim()
  if (raw == null || raw === '') return { access: null, note: null }
  let parsed: ReturnType<typeof normalizeSdkUrl>
  try {
    parsed = normalizeSdkUrl(raw)
  } catch (error) {
    if (error instanceof UsageError)
      return { access: null, note: `GOVC_URL is not a URL or host name: vCenter features are off` }
    throw error
  }
  const username = nonEmpty(env.GOVC_USERNAME) ?? nonEmpty(parsed.username)
  const password = nonEmpty(env.GOVC_PASSWORD) ?? nonEmpty(parsed.password)
  const missing = [
    ...(username == null ? ['GOVC_USERNAME'] : []),
    ...(password == null ? ['GOVC_PASSWORD'] : []),
  ]
  if (username == null || password == null)
    return {
      access: null,
      note: `GOVC_URL is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not: vCenter features are off`,
    }
  const url = parsed.url.toString()
  const thumbprint = nonEmpty(env.GOVC_THUMBPRINT) ?? nonEmpty(env.HOMELAB_AI_VSPHERE_THUMBPRINT)
  const caFile = nonEmpty(env.GOVC_TLS_CA_CERTS)
  return {
    access: {
      url,
      async connect() {
        const client = open({
          url,
          username,
          password,
          ...(thumbprint != null ? { thumbprint } : {}),
          ...(caFile != null ? { caFile } : {}),
        })
        await client.connect()
        return client
      },
    },
    note: null,
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim()
  return v == null || v === '' ? undefined : v
}
