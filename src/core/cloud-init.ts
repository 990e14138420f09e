/**
 * The guest bootstrap as cloud-init files: `#cloud-config` user-data and the VMware datasource's
 * meta-data (instance-id, hostname, netplan v2 network). Both are built as objects and written
 * with the `yaml` library, so no user value is ever spliced into YAML text.
 */
import { stringify } from 'yaml'
import type { StackEntry, UbuntuRelease } from './stack-catalog.js'
import {
  START_UNIT,
  installScript,
  pythonAppUnit,
  startScript,
  type GuestModel,
} from './guest-scripts.js'

/** A static IPv4 address for the guest's first NIC. */
export interface StaticNetwork {
  readonly ip: string
  readonly prefix: number
  readonly gateway: string
  readonly dns: readonly string[]
}

/** What the guest is told about itself. */
export interface GuestRequest {
  readonly ubuntu: UbuntuRelease
  readonly user: string
  readonly sshKeys: readonly string[]
  readonly hostname: string
  readonly network: 'dhcp' | StaticNetwork
}

/** Everything the bootstrap is built from. */
export interface CloudInitInput {
  readonly stack: StackEntry
  readonly guest: GuestRequest
  readonly instanceId: string
  readonly nvidia: 'driver' | 'vgpu' | 'none'
  readonly model: GuestModel | null
}

/** The two cloud-init documents. */
export interface CloudInitFiles {
  readonly userData: string
  readonly metaData: string
}

// Keep the YAML readable and stable for golden files: no line folding, block scalars for scripts.
const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const

function basePackages(input: CloudInitInput): string[] {
  const pkgs = ['ca-certificates', 'curl', 'gnupg', 'open-vm-tools', 'pciutils', 'jq']
  if (input.nvidia === 'driver') pkgs.push('ubuntu-drivers-common')
  return pkgs
}

/** `#cloud-config` user-data: user, packages, the two scripts, one runcmd and one reboot. */
export function buildUserData(input: CloudInitInput): string {
  const { stack, guest } = input
  const scriptInput = { stack, user: guest.user, nvidia: input.nvidia, model: input.model }
  const files = [
    {
      path: '/usr/local/sbin/homelab-ai-install.sh',
      permissions: '0755',
      content: installScript(scriptInput),
    },
    {
      path: '/usr/local/sbin/homelab-ai-start.sh',
      permissions: '0755',
      content: startScript(scriptInput),
    },
    { path: '/etc/systemd/system/homelab-ai-start.service', content: START_UNIT },
    ...stack.install.pythonApps.map((app) => ({
      path: `/etc/systemd/system/homelab-ai-${app.name}.service`,
      content: pythonAppUnit(app),
    })),
  ]
  const doc = {
    hostname: guest.hostname,
    manage_etc_hosts: true,
    users: [
      {
        name: guest.user,
        groups: ['sudo'],
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        lock_passwd: true,
        ...(guest.sshKeys.length > 0 ? { ssh_authorized_keys: [...guest.sshKeys] } : {}),
      },
    ],
    ssh_pwauth: false,
    package_update: true,
    packages: basePackages(input),
    write_files: files,
    runcmd: [['/usr/local/sbin/homelab-ai-install.sh']],
    // One reboot loads the NVIDIA module; the start unit then runs the stack and the checks.
    power_state: {
      mode: 'reboot',
      message: 'homelab-ai: rebooting once to load the drivers',
      timeout: 60,
      condition: 'test -f /var/lib/homelab-ai/install.done',
    },
  }
  return `#cloud-config\n${stringify(doc, YAML_OPTIONS)}`
}

/** Meta-data for the VMware datasource: instance-id, local-hostname and a netplan v2 network. */
export function buildMetaData(input: CloudInitInput): string {
  const { guest } = input
  const nic =
    guest.network === 'dhcp'
      ? { match: { name: 'en*' }, dhcp4: true }
      : {
          match: { name: 'en*' },
          dhcp4: false,
          addresses: [`${guest.network.ip}/${guest.network.prefix}`],
          routes: [{ to: 'default', via: guest.network.gateway }],
          nameservers: { addresses: [...guest.network.dns] },
        }
  const doc = {
    'instance-id': input.instanceId,
    'local-hostname': guest.hostname,
    network: { version: 2, ethernets: { nic0: nic } },
  }
  return stringify(doc, YAML_OPTIONS)
}

/** Both documents. */
export function buildCloudInit(input: CloudInitInput): CloudInitFiles {
  return { userData: buildUserData(input), metaData: buildMetaData(input) }
}

/** How a guestinfo value is encoded (the VMware datasource's `*.encoding` keys). */
export type GuestinfoEncoding = 'base64' | 'gzip+base64'

/**
 * Above this many bytes the planner gzips before base64, to keep the .vmx small; below it plain
 * base64 keeps the value readable with `base64 -d`.
 */
export const GZIP_THRESHOLD_BYTES = 16 * 1024

/** The encoding for a document of `text`. */
export function chooseGuestinfoEncoding(text: string): GuestinfoEncoding {
  return new TextEncoder().encode(text).length > GZIP_THRESHOLD_BYTES ? 'gzip+base64' : 'base64'
}

/** Base64 of bytes, without Node's Buffer (the core stays platform-free). */
export function base64Bytes(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  return base64Bytes(new TextEncoder().encode(text))
}

/** Compresses bytes with gzip; passed in by an adapter (zlib), since the core does no IO. */
export type Gzip = (bytes: Uint8Array) => Uint8Array

/** A guestinfo value in `encoding`; gzip needs the adapter's `gzip`, else it falls back to base64. */
export function encodeGuestinfo(
  text: string,
  encoding: GuestinfoEncoding,
  gzip: Gzip | undefined,
): { readonly value: string; readonly encoding: GuestinfoEncoding } {
  if (encoding === 'gzip+base64' && gzip != null)
    return { value: base64Bytes(gzip(new TextEncoder().encode(text))), encoding }
  return { value: base64Utf8(text), encoding: 'base64' }
}
