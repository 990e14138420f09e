/**
 * The Lab page's form as plain data, and how it becomes the API body: the same fields as
 * `homelab-ai lab plan`'s flags. Empty fields are left out, so the server applies the CLI's
 * defaults (VM name `ai-lab-STACK`, user `labadmin`, Ubuntu 24.04, DHCP).
 */
import type { GpuMode, LabModelOption, LabPlanBody, StackOption } from '../../server/api-types.js'

/** What the reader has filled in. */
export interface LabForm {
  readonly stackId: string
  /** '' = the stack's default model. */
  readonly modelId: string
  /** '' = the stack's default (DirectPath for GPU stacks, none otherwise). */
  readonly gpuMode: GpuMode | ''
  readonly vgpuProfile: string
  readonly name: string
  readonly ubuntu: '22.04' | '24.04'
  readonly user: string
  readonly sshKey: string
  readonly network: 'dhcp' | 'static'
  readonly ip: string
  readonly gateway: string
  readonly dns: string
  /** A vCenter host to plan for; '' = no target (a generic plan). */
  readonly host: string
}

/** The form as the page opens. */
export const EMPTY_LAB_FORM: LabForm = {
  stackId: 'chat',
  modelId: '',
  gpuMode: '',
  vgpuProfile: '',
  name: '',
  ubuntu: '24.04',
  user: '',
  sshKey: '',
  network: 'dhcp',
  ip: '',
  gateway: '',
  dns: '',
  host: '',
}

/** GPU modes as the picker says them. */
export const GPU_MODE_LABELS: Readonly<Record<GpuMode, string>> = {
  passthrough: 'DirectPath I/O (passthrough)',
  dynamic: 'Dynamic DirectPath',
  vgpu: 'NVIDIA vGPU',
  none: 'No GPU',
}

/** The API body for the form: trimmed, empty fields left out, static fields only with `static`. */
export function labPlanBody(form: LabForm): LabPlanBody {
  const text = (value: string) => {
    const v = value.trim()
    return v === '' ? undefined : v
  }
  const body: Record<string, string> = {}
  const put = (key: keyof LabPlanBody, value: string | undefined) => {
    if (value != null) body[key] = value
  }
  put('stackId', form.stackId)
  put('modelId', text(form.modelId))
  put('gpuMode', form.gpuMode === '' ? undefined : form.gpuMode)
  if (form.gpuMode === 'vgpu') put('vgpuProfile', text(form.vgpuProfile))
  put('name', text(form.name))
  put('ubuntu', form.ubuntu)
  put('user', text(form.user))
  put('sshKey', form.sshKey.trim() === '' ? undefined : form.sshKey)
  if (form.network === 'static') {
    put('ip', text(form.ip))
    put('gateway', text(form.gateway))
    put('dns', text(form.dns))
  }
  put('host', text(form.host))
  return body as unknown as LabPlanBody
}

/** The models a stack can serve (none for stacks without a model kind). */
export function modelsFor(
  stack: StackOption | undefined,
  models: readonly LabModelOption[],
): LabModelOption[] {
  const kind = stack?.model.kind
  return kind == null ? [] : models.filter((m) => m.kind === kind)
}

/** The VM name the server will use when the field is empty. */
export function defaultVmName(form: LabForm): string {
  return form.name.trim() === '' ? `ai-lab-${form.stackId}` : form.name.trim()
}

/** `8 GiB VRAM (12 recommended) · 8 GiB RAM · 4 vCPUs · 20 GiB disk + model`. */
export function needsText(stack: StackOption): string {
  const r = stack.requirements
  const parts: string[] = []
  if (r.minVramGiB > 0)
    parts.push(
      `${r.minVramGiB} GiB VRAM${r.recommendedVramGiB != null ? ` (${r.recommendedVramGiB} recommended)` : ''}`,
    )
  parts.push(`${r.minRamGiB} GiB RAM`, `${r.minVcpus} vCPUs`)
  parts.push(`${r.diskGiB} GiB disk${stack.model.kind != null ? ' + model' : ''}`)
  return parts.join(' · ')
}

/** `3000 (Open WebUI), 11434 (Ollama API)`, or `none`. */
export function portsText(stack: { readonly ports: StackOption['ports'] }): string {
  return stack.ports.length === 0
    ? 'none'
    : stack.ports.map((p) => `${p.port} (${p.service})`).join(', ')
}

// The planner's warnings are written for the CLI and name its flags; on the page the same advice
// points at the form's fields.
const FLAG_FIELDS: readonly (readonly [RegExp, string])[] = [
  [/Pass --target host\.json \(or a probe profile\)/g, 'Pick a vCenter host'],
  [/--ssh-key/g, 'SSH public key'],
  [/--model/g, 'Model'],
  [/--gpu-mode/g, 'GPU mode'],
  [/--vgpu-profile/g, 'vGPU profile'],
  [/--user/g, 'User'],
  [/--name/g, 'VM name'],
]

/** A plan warning with the CLI flags it names replaced by the form's field labels. */
export function warningForPage(warning: string): string {
  return FLAG_FIELDS.reduce((text, [flag, field]) => text.replace(flag, field), warning)
}
