/** Checks for the values a user gives a lab plan; each failure is a one-line UsageError. */
import { UsageError } from './errors.js'
import type { StaticNetwork } from './cloud-init.js'

const LINUX_USER = /^[a-z_][a-z0-9_-]{0,31}$/
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
const RESERVED_USERS = new Set(['root', 'homelab-ai', 'daemon', 'bin', 'sys', 'nobody', 'ubuntu'])

/** A Linux user name cloud-init can create (`useradd` rules, no system names). */
export function checkUser(user: string): string {
  if (!LINUX_USER.test(user) || RESERVED_USERS.has(user))
    throw new UsageError(
      `--user must be a Linux user name (lower case, digits, - and _, up to 32, not a system name), got ${JSON.stringify(user)}`,
    )
  return user
}

/** A hostname of RFC 1123 labels, at most 253 characters. */
export function checkHostname(hostname: string): string {
  if (hostname.length > 253 || !hostname.split('.').every((l) => HOST_LABEL.test(l)))
    throw new UsageError(
      `the hostname must be letters, digits and hyphens (dots between labels), got ${JSON.stringify(hostname)}`,
    )
  return hostname.toLowerCase()
}

/** A VM name vSphere accepts: 1 to 80 characters. Anything else is allowed; exports quote it. */
export function checkVmName(name: string): string {
  if (name.length === 0 || [...name].length > 80)
    throw new UsageError(`--name must be 1 to 80 characters, got ${JSON.stringify(name)}`)
  return name
}

/** A hostname derived from a VM name: lower case, non-alphanumerics as hyphens. */
export function hostnameFromVmName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '')
  return slug === '' ? 'ai-lab' : slug
}

function checkIpv4(value: string, flag: string): string {
  const parts = value.split('.')
  const ok =
    parts.length === 4 &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && String(Number(p)) === p)
  if (!ok) throw new UsageError(`${flag} must be an IPv4 address, got ${JSON.stringify(value)}`)
  return value
}

/** `--ip 192.168.1.50/24 --gateway 192.168.1.1 --dns 1.1.1.1,9.9.9.9` as a static network. */
export function parseStaticNetwork(
  ip: string,
  gateway: string | undefined,
  dns: string | undefined,
): StaticNetwork {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(ip)
  if (m == null)
    throw new UsageError(
      `--ip must be an address with its prefix, like 192.168.1.50/24, got ${JSON.stringify(ip)}`,
    )
  const prefix = Number(m[2])
  if (prefix < 1 || prefix > 32) throw new UsageError(`--ip prefix must be 1 to 32, got ${prefix}`)
  if (gateway == null) throw new UsageError('--ip needs --gateway')
  const servers = (dns ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
  if (servers.length === 0) throw new UsageError('--ip needs --dns (comma-separated)')
  return {
    ip: checkIpv4(m[1] ?? '', '--ip'),
    prefix,
    gateway: checkIpv4(gateway, '--gateway'),
    dns: servers.map((d) => checkIpv4(d, '--dns')),
  }
}

/** The keys of an authorized_keys-style text: one per non-empty, non-comment line. */
export function parseSshKeys(text: string): string[] {
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  for (const key of keys)
    if (
      !/^(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+(?: .*)?$/.test(
        key,
      )
    )
      throw new UsageError(
        `--ssh-key: not an OpenSSH public key line: ${JSON.stringify(key.slice(0, 40))}`,
      )
  return keys
}
