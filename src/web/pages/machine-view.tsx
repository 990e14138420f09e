/**
 * The machine as the probe read it: CPU, memory, GPUs with VRAM bars, accelerators, storage,
 * virtualization, runtimes, and the notes on what could not be read (with their fixes).
 */
import type { Gpu, HardwareProfile, RuntimeStatus } from '../../core/hardware.js'
import { StackedBar } from '../components/stacked-bar.js'
import { gib, mibAsGib } from '../format.js'

/** All hardware sections of a profile. */
export function MachineView({ hw }: { hw: HardwareProfile }) {
  return (
    <section aria-labelledby="machine-title">
      <h2 id="machine-title">The machine</h2>
      <div className="grid">
        <CpuCard hw={hw} />
        <MemoryCard hw={hw} />
        <VirtualizationCard hw={hw} />
        <RuntimesCard hw={hw} />
      </div>
      <GpusCard gpus={hw.gpus} />
      {hw.accelerators.length > 0 && <AcceleratorsCard hw={hw} />}
      <StorageCard hw={hw} />
      {hw.notes.length > 0 && <NotesCard hw={hw} />}
    </section>
  )
}

function Facts({ rows }: { rows: readonly (readonly [string, string | null])[] }) {
  return (
    <dl className="facts">
      {rows
        .filter((r) => r[1] != null && r[1] !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  )
}

function CpuCard({ hw }: { hw: HardwareProfile }) {
  const c = hw.cpu
  return (
    <div className="card" role="group" aria-labelledby="cpu-title">
      <h3 id="cpu-title">CPU</h3>
      <p className="big">{c.model ?? 'Unknown CPU'}</p>
      <Facts
        rows={[
          ['Cores / threads', `${c.cores} / ${c.threads}`],
          ['Sockets', c.sockets == null ? null : String(c.sockets)],
          ['Architecture', c.arch],
          ['Vendor', c.vendor],
          [
            'Clock',
            c.maxClockMHz != null
              ? `${c.maxClockMHz} MHz max`
              : c.clockMHz != null
                ? `${c.clockMHz} MHz`
                : null,
          ],
          ['SIMD', c.simd.length > 0 ? c.simd.join(' ') : 'none detected'],
        ]}
      />
    </div>
  )
}

function MemoryCard({ hw }: { hw: HardwareProfile }) {
  const m = hw.memory
  const usedGiB = Math.max(0, m.totalGiB - m.availableGiB)
  return (
    <div className="card" role="group" aria-labelledby="memory-title">
      <h3 id="memory-title">Memory</h3>
      <p className="big">{gib(m.totalGiB)}</p>
      <StackedBar
        parts={[{ label: 'in use', valueGiB: usedGiB, className: 'part-used' }]}
        capacityGiB={m.totalGiB}
        capacityLabel="total RAM"
      />
      <Facts
        rows={[
          ['Available', gib(m.availableGiB)],
          ['Type', m.type],
          ['Speed', m.speedMTs == null ? null : `${m.speedMTs} MT/s`],
          ['Channels', m.channels == null ? null : String(m.channels)],
        ]}
      />
    </div>
  )
}

function VirtualizationCard({ hw }: { hw: HardwareProfile }) {
  const v = hw.virtualization
  const role = v.role === 'bare-metal' ? 'Bare metal' : v.role === 'vm' ? 'Virtual machine' : v.role
  return (
    <div className="card" role="group" aria-labelledby="virt-title">
      <h3 id="virt-title">Virtualization</h3>
      <p className="big">
        {role}
        {v.kind !== 'none' && v.role !== 'bare-metal' && ` (${v.kind})`}
      </p>
      <Facts
        rows={[
          ['VMware guest', v.isVmwareGuest ? 'yes' : 'no'],
          ['open-vm-tools', v.openVmTools == null ? null : v.openVmTools ? 'running' : 'not found'],
          ['Container', v.containerKind],
          [
            'Hypervisor flag',
            v.hypervisorFlag == null ? null : v.hypervisorFlag ? 'set' : 'not set',
          ],
        ]}
      />
      {v.evidence.length > 0 && (
        <details>
          <summary>Evidence</summary>
          <ul className="plain">
            {v.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

const RUNTIME_NAMES = {
  nvidiaSmi: 'nvidia-smi',
  rocmSmi: 'rocm-smi',
  ollama: 'Ollama',
  docker: 'Docker',
} as const

function runtimeText(r: RuntimeStatus): string {
  if (!r.present) return 'not found'
  return [r.version, r.detail].filter((x) => x != null && x !== '').join(', ') || 'present'
}

function RuntimesCard({ hw }: { hw: HardwareProfile }) {
  const keys = Object.keys(RUNTIME_NAMES) as (keyof typeof RUNTIME_NAMES)[]
  return (
    <div className="card" role="group" aria-labelledby="runtimes-title">
      <h3 id="runtimes-title">Runtimes</h3>
      <Facts rows={keys.map((k) => [RUNTIME_NAMES[k], runtimeText(hw.runtimes[k])] as const)} />
    </div>
  )
}

function gpuFacts(g: Gpu): (readonly [string, string | null])[] {
  const link =
    g.pcie == null || g.pcie.genCurrent == null
      ? null
      : `PCIe ${g.pcie.genCurrent}.0 x${g.pcie.widthCurrent ?? '?'}` +
        (g.pcie.genMax != null ? ` (max ${g.pcie.genMax}.0 x${g.pcie.widthMax ?? '?'})` : '')
  return [
    ['Attachment', g.attachment],
    ['vGPU profile', g.vgpuProfile],
    ['Driver', g.driver],
    ['CUDA', g.cudaVersion],
    ['ROCm', g.rocmVersion],
    ['PCIe link', link],
    // An AMD iGPU can hold models there too, under Vulkan (docs/fit.md).
    ['GTT (RAM the driver maps)', g.gttMiB == null ? null : mibAsGib(g.gttMiB)],
    ['Bus', g.busId],
    ['Read by', g.source],
  ]
}

function GpusCard({ gpus }: { gpus: readonly Gpu[] }) {
  return (
    <div className="card" role="group" aria-labelledby="gpus-title">
      <h3 id="gpus-title">GPUs</h3>
      {gpus.length === 0 && <p>No GPU found: models run on the CPU.</p>}
      <ul className="gpu-list">
        {gpus.map((g, i) => {
          const totalMiB = g.vgpuFramebufferMiB ?? g.vramMiB
          const usedMiB =
            totalMiB != null && g.vramFreeMiB != null ? Math.max(0, totalMiB - g.vramFreeMiB) : null
          return (
            <li key={`${g.busId ?? ''}${i}`}>
              <p className="big">
                {g.name} <span className="muted">· {mibAsGib(totalMiB)} VRAM</span>
              </p>
              {totalMiB != null && (
                <StackedBar
                  parts={[
                    {
                      label: 'in use',
                      valueGiB: (usedMiB ?? 0) / 1024,
                      className: 'part-used',
                    },
                  ]}
                  capacityGiB={totalMiB / 1024}
                  capacityLabel={g.attachment === 'unified' ? 'unified memory' : 'VRAM'}
                />
              )}
              <p className="muted small">
                {usedMiB == null ? 'Free VRAM not reported' : `${mibAsGib(g.vramFreeMiB)} free`}
              </p>
              <Facts rows={gpuFacts(g)} />
            </li>
          )
        })}
      </ul>
    </div>
  )
}

function AcceleratorsCard({ hw }: { hw: HardwareProfile }) {
  return (
    <div className="card" role="group" aria-labelledby="acc-title">
      <h3 id="acc-title">Accelerators</h3>
      <ul className="plain">
        {hw.accelerators.map((a) => (
          <li key={`${a.id}${a.busId ?? ''}`}>
            <strong>{a.name}</strong> ({a.kind}, {a.state}
            {a.usbSpeedMbps != null && `, USB ${a.usbSpeedMbps >= 5000 ? '3' : '2'}`})
            {a.notes.map((n) => (
              <p key={n} className="muted small">
                {n}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </div>
  )
}

function StorageCard({ hw }: { hw: HardwareProfile }) {
  return (
    <div className="card" role="group" aria-labelledby="storage-title">
      <h3 id="storage-title">Storage</h3>
      {hw.storage.length === 0 && <p>No disks could be read.</p>}
      <ul className="storage-list">
        {hw.storage.map((s) => (
          <li key={s.mount}>
            <p>
              <strong>{s.mount}</strong>{' '}
              <span className="muted">
                {s.kind} · {s.fsType} · {s.model ?? s.device}
              </span>
            </p>
            <StackedBar
              parts={[
                {
                  label: 'used',
                  valueGiB: Math.max(0, s.sizeGiB - s.freeGiB),
                  className: 'part-used',
                },
              ]}
              capacityGiB={s.sizeGiB}
              capacityLabel="disk"
            />
            <p className="muted small">
              {gib(s.freeGiB)} free of {gib(s.sizeGiB)}
            </p>
          </li>
        ))}
      </ul>
    </div>
  )
}

function NotesCard({ hw }: { hw: HardwareProfile }) {
  return (
    <div className="card" role="group" aria-labelledby="notes-title">
      <h3 id="notes-title">What the probe could not read</h3>
      <ul className="plain">
        {hw.notes.map((n, i) => (
          <li key={i}>
            <span className="tag">{n.area}</span> {n.message}
            {n.fix != null && <p className="fix small">Fix: {n.fix}</p>}
          </li>
        ))}
      </ul>
    </div>
  )
}
