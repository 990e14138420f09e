import type {
  HardwareProfile,
  ProbeNote,
  StorageMount,
  Virtualization,
} from '../../core/hardware.js'
import { HARDWARE_SCHEMA_VERSION, RUNTIME_ABSENT } from '../../core/hardware.js'
import { DEFAULT_TOOL_TIMEOUT_MS, runCommand, type RunCommand } from '../system/run-command.js'
import { readLinuxFacts, type StatFs } from './linux/read-linux-facts.js'
import { probeGpuTools, probeRuntimes } from './tools/probe-tools.js'
import { fixAttachment, mergeGpus } from './merge-gpus.js'
import { applyDetectVirt, runSystemdDetectVirt } from './detect-virt-tool.js'
import { parseDfPortable } from './parse-df.js'

/** Everything the probe reads from the machine, as parameters with real defaults. */
export interface ProbeDeps {
  readonly platform?: NodeJS.Platform
  /** Root folder for /proc and /sys (Linux). Anything but `/` skips tools that read the live machine. */
  readonly root?: string
  readonly run?: RunCommand
  readonly fetch?: typeof fetch
  readonly statfs?: (mountPath: string) => Promise<StatFs | null>
  /** Run the machine's tools (nvidia-smi, systemd-detect-virt, ...); default: only when root is `/`. */
  readonly tools?: boolean
  /** Per-tool timeout; the whole probe never waits much longer than this. */
  readonly timeoutMs?: number
  readonly now?: () => Date
}

/** macOS says only whether it runs under a hypervisor, not which one. */
function darwinVirtualization(hvVmmPresent: string | null): Virtualization {
  const inVm = hvVmmPresent === '1'
  return {
    kind: hvVmmPresent == null ? 'unknown' : inVm ? 'vm-other' : 'none',
    role: hvVmmPresent == null ? 'unknown' : inVm ? 'vm' : 'bare-metal',
    vmKind: inVm ? 'vm-other' : null,
    containerKind: null,
    isVmwareGuest: false,
    hypervisorFlag: hvVmmPresent == null ? null : inVm,
    openVmTools: null,
    evidence: hvVmmPresent == null ? [] : [`sysctl kern.hv_vmm_present: ${hvVmmPresent}`],
  }
}

/**
 * Probes this machine: on Linux /proc and /sys are read directly and the vendor tools run
 * concurrently with a timeout; macOS and Windows go through their system tools. Never throws for
 * a missing or broken tool: the profile is partial and `notes` say what could not be read.
 */
export async function probeHardware(deps: ProbeDeps = {}): Promise<HardwareProfile> {
  const started = performance.now()
  const platform = deps.platform ?? process.platform
  const run = deps.run ?? runCommand
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS
  const now = deps.now ?? (() => new Date())
  const root = deps.root ?? '/'
  const live = deps.tools ?? root === '/'
  const fetchFn = deps.fetch ?? fetch
  const body =
    platform === 'darwin'
      ? await probeDarwinMachine(run, fetchFn, timeoutMs)
      : platform === 'win32'
        ? await probeWindowsMachine(run, fetchFn, timeoutMs)
        : await probeLinuxMachine({ root, live, run, fetchFn, timeoutMs, statfs: deps.statfs })
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: now().toISOString(),
    source: 'probe',
    ...body,
    probeDurationMs: Math.round((performance.now() - started) * 10) / 10,
  }
}

type ProbeBody = Omit<HardwareProfile, 'schemaVersion' | 'probedAt' | 'source' | 'probeDurationMs'>

async function probeLinuxMachine(o: {
  root: string
  live: boolean
  run: RunCommand
  fetchFn: typeof fetch
  timeoutMs: number
  statfs: ProbeDeps['statfs']
}): Promise<ProbeBody> {
  const noTools = { gpus: [], nvidiaSmi: RUNTIME_ABSENT, rocmSmi: RUNTIME_ABSENT, notes: [] }
  const noRuntimes = { docker: RUNTIME_ABSENT, ollama: RUNTIME_ABSENT, notes: [] }
  // A fixture root describes another machine: the live tools would describe this one.
  // Everything runs at once: the slowest tool, not the sum, sets the probe's time.
  const [facts, tools, runtimes, detectVirt] = await Promise.all([
    readLinuxFacts({ root: o.root, statfs: o.statfs }),
    o.live ? probeGpuTools({ run: o.run, timeoutMs: o.timeoutMs }) : noTools,
    o.live ? probeRuntimes({ run: o.run, fetch: o.fetchFn, timeoutMs: o.timeoutMs }) : noRuntimes,
    o.live ? runSystemdDetectVirt(o.run, o.timeoutMs) : { kind: null, vmKind: null },
  ])
  const virtualization = applyDetectVirt(facts.virtualization, detectVirt)
  const gpus = fixAttachment(mergeGpus(facts.gpus, tools.gpus), virtualization)
  return {
    os: facts.os,
    cpu: facts.cpu,
    memory: facts.memory,
    gpus,
    accelerators: facts.accelerators,
    storage: facts.storage,
    virtualization,
    runtimes: {
      nvidiaSmi: tools.nvidiaSmi,
      rocmSmi: tools.rocmSmi,
      ollama: runtimes.ollama,
      docker: runtimes.docker,
    },
    notes: [...facts.notes, ...tools.notes, ...runtimes.notes],
  }
}

async function probeDarwinMachine(
  run: RunCommand,
  fetchFn: typeof fetch,
  timeoutMs: number,
): Promise<ProbeBody> {
  const { probeDarwin } = await import('./darwin/probe-darwin.js')
  const [mac, df, vmm, runtimes] = await Promise.all([
    probeDarwin({ run }),
    run('df', ['-kP'], { timeoutMs }),
    // 1 inside a virtual machine (Apple Virtualization, Parallels, VMware Fusion), 0 on a real Mac.
    run('sysctl', ['-n', 'kern.hv_vmm_present'], { timeoutMs }),
    probeRuntimes({ run, fetch: fetchFn, timeoutMs }),
  ])
  const notes: ProbeNote[] = [...mac.notes, ...runtimes.notes]
  let storage: StorageMount[] = []
  if (df.ok) storage = parseDfPortable(df.stdout)
  else notes.push({ area: 'storage', message: 'df -kP failed; free space is unknown', fix: null })
  return {
    os: mac.os,
    cpu: mac.cpu,
    memory: mac.memory,
    gpus: mac.gpus,
    accelerators: [],
    storage,
    virtualization: darwinVirtualization(vmm.ok ? vmm.stdout.trim() : null),
    runtimes: {
      nvidiaSmi: RUNTIME_ABSENT,
      rocmSmi: RUNTIME_ABSENT,
      ollama: runtimes.ollama,
      docker: runtimes.docker,
    },
    notes,
  }
}

async function probeWindowsMachine(
  run: RunCommand,
  fetchFn: typeof fetch,
  timeoutMs: number,
): Promise<ProbeBody> {
  const { probeWindows } = await import('./windows/probe-windows.js')
  const [win, tools, runtimes] = await Promise.all([
    probeWindows({ run }),
    probeGpuTools({ run, timeoutMs }),
    probeRuntimes({ run, fetch: fetchFn, timeoutMs }),
  ])
  // nvidia-smi knows the real VRAM; CIM's AdapterRAM stops at 4 GiB. Match by name and order.
  const fromTools = new Set(tools.gpus.map((g) => g.name.toLowerCase()))
  const cimOnly = win.gpus.filter(
    (g) =>
      !(g.vendor === 'nvidia' && tools.gpus.length > 0) && !fromTools.has(g.name.toLowerCase()),
  )
  const virtualization = win.virtualization
  return {
    os: win.os,
    cpu: win.cpu,
    memory: win.memory,
    gpus: fixAttachment([...tools.gpus, ...cimOnly], virtualization),
    accelerators: win.accelerators,
    storage: win.storage,
    virtualization,
    runtimes: {
      nvidiaSmi: tools.nvidiaSmi,
      rocmSmi: tools.rocmSmi,
      ollama: runtimes.ollama,
      docker: runtimes.docker,
    },
    notes: [...win.notes, ...tools.notes, ...runtimes.notes],
  }
}
