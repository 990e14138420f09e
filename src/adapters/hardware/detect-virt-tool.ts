import type { Virtualization } from '../../core/hardware.js'
import type { RunCommand } from '../system/run-command.js'

const CONTAINERS = new Set([
  'openvz',
  'lxc',
  'lxc-libvirt',
  'systemd-nspawn',
  'docker',
  'podman',
  'rkt',
  'wsl',
  'proot',
  'pouch',
])

/** What `systemd-detect-virt` and `systemd-detect-virt --vm` printed; null when unavailable. */
export interface DetectVirtAnswers {
  readonly kind: string | null
  readonly vmKind: string | null
}

/** Runs `systemd-detect-virt` both ways, concurrently; a missing or hung tool gives nulls. */
export async function runSystemdDetectVirt(
  run: RunCommand,
  timeoutMs: number,
): Promise<DetectVirtAnswers> {
  const [plain, vm] = await Promise.all([
    run('systemd-detect-virt', [], { timeoutMs }),
    run('systemd-detect-virt', ['--vm'], { timeoutMs }),
  ])
  // It exits 1 and prints "none" when it finds nothing: that is an answer, not a failure.
  const answer = (r: typeof plain) => (r.notFound || r.timedOut ? null : r.stdout.trim() || null)
  return { kind: answer(plain), vmKind: answer(vm) }
}

/**
 * Folds systemd-detect-virt's answer into the file-based verdict. It reads the CPUID hypervisor
 * leaf, which /proc and /sys do not show (bhyve, some KVM clouds), so it is the authority for the
 * VM kind; DMI evidence such as VMware is kept alongside.
 */
export function applyDetectVirt(virt: Virtualization, answers: DetectVirtAnswers): Virtualization {
  const { kind, vmKind } = answers
  if (kind == null) return virt
  const container = CONTAINERS.has(kind) ? kind : null
  const realVm = vmKind != null && vmKind !== 'none' ? vmKind : null
  const role =
    container != null ? 'container' : realVm != null ? 'vm' : kind === 'none' ? 'bare-metal' : 'vm'
  return {
    ...virt,
    kind,
    role,
    vmKind: realVm ?? (container != null ? virt.vmKind : null),
    containerKind: container ?? virt.containerKind,
    isVmwareGuest: virt.isVmwareGuest || realVm === 'vmware',
    evidence: [
      ...virt.evidence,
      `systemd-detect-virt: ${kind}${vmKind != null && vmKind !== kind ? ` (--vm: ${vmKind})` : ''}`,
    ],
  }
}
