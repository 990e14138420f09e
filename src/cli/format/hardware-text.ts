import type { Gpu, HardwareProfile } from '../../core/hardware.js'
import { bar, num, type Style } from './style.js'

function gpuLine(gpu: Gpu): string {
  const parts: string[] = []
  if (gpu.vramMiB != null) {
    const used = gpu.vramFreeMiB != null ? gpu.vramMiB - gpu.vramFreeMiB : null
    parts.push(
      used != null
        ? `${bar(used / gpu.vramMiB, 12)} ${num(gpu.vramFreeMiB! / 1024)} of ${num(gpu.vramMiB / 1024)} GiB free`
        : `${num(gpu.vramMiB / 1024)} GiB VRAM`,
    )
  } else if (gpu.attachment === 'unified') parts.push('unified memory')
  else parts.push('VRAM unknown')
  // The RAM amdgpu maps for the GPU: an iGPU can hold models there under Vulkan (docs/fit.md).
  if (gpu.gttMiB != null) parts.push(`GTT ${num(gpu.gttMiB / 1024)} GiB`)
  if (gpu.driver != null) parts.push(`driver ${gpu.driver}`)
  if (gpu.cudaVersion != null) parts.push(`CUDA ${gpu.cudaVersion}`)
  if (gpu.rocmVersion != null) parts.push(`ROCm ${gpu.rocmVersion}`)
  const link = gpu.pcie
  if (link?.genCurrent != null && link.widthCurrent != null) {
    const max =
      link.genMax != null && link.widthMax != null
        ? ` (max Gen${link.genMax} x${link.widthMax})`
        : ''
    parts.push(`PCIe Gen${link.genCurrent} x${link.widthCurrent}${max}`)
  }
  const attach =
    gpu.attachment === 'vgpu'
      ? `vGPU${gpu.vgpuProfile != null ? ` ${gpu.vgpuProfile}` : ''}`
      : gpu.attachment === 'passthrough'
        ? 'passthrough'
        : gpu.attachment
  const where = [gpu.busId, gpu.pciId].filter((x) => x != null).join(' ')
  return `${gpu.name} [${attach}${where !== '' ? `, ${where}` : ''}]\n      ${parts.join(', ')}`
}

/** The machine, as a readable block of text. */
export function formatHardwareText(hw: HardwareProfile, s: Style): string {
  const lines: string[] = []
  const { cpu, memory, os, virtualization: virt } = hw
  const title =
    hw.source === 'probe'
      ? 'This machine'
      : hw.source === 'profile'
        ? 'Saved profile'
        : 'What-if hardware'
  lines.push(s.bold(`${title}${os.hostname != null ? `: ${os.hostname}` : ''}`))
  lines.push(
    `  OS        ${[os.name, os.kernel].filter((x) => x != null).join(', kernel ') || 'unknown'}`,
  )
  const virtText =
    virt.role === 'bare-metal'
      ? 'bare metal'
      : virt.role === 'container'
        ? `container (${virt.containerKind ?? virt.kind})${virt.vmKind != null ? ` in a ${virt.vmKind} VM` : ''}`
        : virt.role === 'vm'
          ? `${virt.isVmwareGuest ? 'VMware ESXi VM' : `${virt.kind} VM`}${virt.openVmTools === true ? ', open-vm-tools' : ''}`
          : 'unknown'
  lines.push(`  Platform  ${virtText}`)
  const clock = cpu.maxClockMHz ?? cpu.clockMHz
  lines.push(
    `  CPU       ${cpu.model ?? 'unknown model'} (${cpu.arch}), ${cpu.cores} cores / ${cpu.threads} threads` +
      (clock != null ? `, ${num(clock / 1000, 2)} GHz` : ''),
  )
  if (cpu.simd.length > 0) lines.push(`            ${s.dim(cpu.simd.join(' '))}`)
  const memExtra = [memory.type, memory.speedMTs != null ? `${memory.speedMTs} MT/s` : null]
    .filter((x) => x != null)
    .join(' ')
  lines.push(
    `  Memory    ${num(memory.totalGiB)} GiB total, ${num(memory.availableGiB)} GiB available${memExtra !== '' ? ` (${memExtra})` : ''}`,
  )
  if (hw.gpus.length === 0) lines.push(`  GPUs      none`)
  hw.gpus.forEach((gpu, i) =>
    lines.push(`  ${i === 0 ? 'GPUs     ' : '         '} ${gpuLine(gpu)}`),
  )
  if (hw.accelerators.length > 0)
    hw.accelerators.forEach((a, i) =>
      lines.push(
        `  ${i === 0 ? 'Accel.   ' : '         '} ${a.name} (${a.id}, ${a.state}${a.usbSpeedMbps != null ? `, USB ${a.usbSpeedMbps} Mbit/s` : ''})`,
      ),
    )
  if (hw.storage.length === 0) lines.push('  Storage   none readable')
  hw.storage.forEach((m, i) => {
    const used = m.sizeGiB > 0 ? (m.sizeGiB - m.freeGiB) / m.sizeGiB : 0
    lines.push(
      `  ${i === 0 ? 'Storage  ' : '         '} ${m.mount.padEnd(14)} ${bar(used, 10)} ${num(m.freeGiB)} of ${num(m.sizeGiB)} GiB free, ${m.kind}${m.model != null ? ` (${m.model})` : ''}`,
    )
  })
  const rt = hw.runtimes
  const runtimes = [
    rt.nvidiaSmi.present ? `nvidia-smi ${rt.nvidiaSmi.version ?? ''}`.trim() : null,
    rt.rocmSmi.present ? `rocm-smi ${rt.rocmSmi.version ?? ''}`.trim() : null,
    rt.ollama.present
      ? `Ollama ${rt.ollama.version ?? ''}${rt.ollama.detail != null ? ` (${rt.ollama.detail})` : ''}`.trim()
      : null,
    rt.docker.present ? `Docker ${rt.docker.version ?? ''}`.trim() : null,
  ].filter((x) => x != null)
  lines.push(
    `  Runtimes  ${runtimes.length > 0 ? runtimes.join(', ') : 'none of nvidia-smi, rocm-smi, Ollama, Docker'}`,
  )
  if (hw.notes.length > 0) {
    lines.push('', s.bold('Notes'))
    for (const n of hw.notes)
      lines.push(`  - ${n.area}: ${n.message}${n.fix != null ? s.dim(` (fix: ${n.fix})`) : ''}`)
  }
  return lines.join('\n')
}
