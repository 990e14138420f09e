import type { HardwareProfile } from '../../core/hardware.js'
import type { ReadinessReport } from '../../core/readiness.js'
import { num } from './style.js'

/** Escapes the characters that would break a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** A shareable Markdown report (forum posts, issues, wikis) of the machine and its readiness. */
export function formatMarkdownReport(
  hw: HardwareProfile,
  readiness: ReadinessReport | null,
): string {
  const out: string[] = []
  out.push(`# homelab-ai report${hw.os.hostname != null ? `: ${cell(hw.os.hostname)}` : ''}`, '')
  out.push(`Probed ${hw.probedAt} (${hw.source}).`, '')
  out.push('## Machine', '', '| part | details |', '| --- | --- |')
  out.push(
    `| OS | ${cell([hw.os.name, hw.os.kernel].filter((x) => x != null).join(', kernel ') || 'unknown')} |`,
  )
  const v = hw.virtualization
  out.push(
    `| Platform | ${cell(v.role === 'bare-metal' ? 'bare metal' : `${v.role}: ${v.kind}${v.vmKind != null && v.vmKind !== v.kind ? ` (VM: ${v.vmKind})` : ''}`)}${v.isVmwareGuest ? ' (VMware ESXi guest)' : ''} |`,
  )
  const c = hw.cpu
  out.push(
    `| CPU | ${cell(c.model ?? 'unknown')}, ${c.arch}, ${c.cores} cores / ${c.threads} threads${c.simd.length > 0 ? `, ${c.simd.join(' ')}` : ''} |`,
  )
  out.push(
    `| Memory | ${num(hw.memory.totalGiB)} GiB total, ${num(hw.memory.availableGiB)} GiB available${hw.memory.type != null ? `, ${hw.memory.type}` : ''} |`,
  )
  if (hw.gpus.length === 0) out.push('| GPU | none |')
  for (const g of hw.gpus)
    out.push(
      `| GPU | ${cell(g.name)}: ${g.vramMiB != null ? `${num(g.vramMiB / 1024)} GiB VRAM` : g.attachment === 'unified' ? 'unified memory' : 'VRAM unknown'}, ${g.attachment}${g.driver != null ? `, driver ${cell(g.driver)}` : ''}${g.cudaVersion != null ? `, CUDA ${g.cudaVersion}` : ''} |`,
    )
  for (const a of hw.accelerators)
    out.push(`| Accelerator | ${cell(a.name)} (${a.id}, ${a.state}) |`)
  for (const m of hw.storage)
    out.push(
      `| Storage | \`${cell(m.mount)}\`: ${num(m.freeGiB)} of ${num(m.sizeGiB)} GiB free, ${m.kind}${m.model != null ? ` (${cell(m.model)})` : ''} |`,
    )
  if (readiness != null) {
    out.push(
      '',
      '## Readiness',
      '',
      `**${readiness.summary}**`,
      '',
      '| check | status | value | fix |',
    )
    out.push('| --- | --- | --- | --- |')
    for (const f of readiness.findings)
      out.push(`| ${cell(f.title)} | ${f.status} | ${cell(f.value)} | ${cell(f.fix ?? '')} |`)
  }
  if (hw.notes.length > 0) {
    out.push('', '## Notes', '')
    for (const n of hw.notes)
      out.push(`- ${n.area}: ${n.message}${n.fix != null ? ` Fix: ${n.fix}` : ''}`)
  }
  out.push(
    '',
    '_Made with homelab-ai, which reads the machine locally and sends nothing anywhere._',
  )
  return out.join('\n')
}
