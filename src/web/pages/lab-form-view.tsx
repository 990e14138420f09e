/** The Lab page's form: the stack cards, the model, GPU, guest and network fields. */
import type { FormEvent } from 'react'
import type { GpuMode, StackOption, StacksResponse } from '../../server/api-types.js'
import {
  GPU_MODE_LABELS,
  defaultVmName,
  modelsFor,
  needsText,
  portsText,
  type LabForm,
} from './lab-form.js'

const GPU_MODES = Object.keys(GPU_MODE_LABELS) as GpuMode[]
const ACCELERATOR_TEXT: Readonly<Record<StackOption['accelerator'], string>> = {
  'nvidia-gpu': 'NVIDIA GPU',
  cpu: 'CPU only',
  'coral-usb': 'Coral USB TPU',
}

/** The form; `hosts` are the vCenter's hosts to plan for (empty without a vCenter). */
export function LabFormView({
  data,
  form,
  onChange,
  onSubmit,
  busy,
  hosts,
}: {
  data: StacksResponse
  form: LabForm
  onChange: (form: LabForm) => void
  onSubmit: (e: FormEvent) => void
  busy: boolean
  hosts: readonly string[]
}) {
  const set = <K extends keyof LabForm>(key: K, value: LabForm[K]) =>
    onChange({ ...form, [key]: value })
  const stack = data.stacks.find((s) => s.id === form.stackId)
  const models = modelsFor(stack, data.models)
  const gpuStack = stack?.accelerator === 'nvidia-gpu'

  return (
    <form className="lab-form" onSubmit={onSubmit} aria-labelledby="lab-form-title">
      <h2 id="lab-form-title" className="visually-hidden">
        What to plan
      </h2>
      <fieldset className="card">
        <legend>Stack</legend>
        <div className="stack-grid">
          {data.stacks.map((s) => (
            <div key={s.id} className={`stack-option${s.id === form.stackId ? ' chosen' : ''}`}>
              <input
                type="radio"
                id={`stack-${s.id}`}
                name="stack"
                value={s.id}
                checked={s.id === form.stackId}
                onChange={() => onChange({ ...form, stackId: s.id, modelId: '', gpuMode: '' })}
                aria-describedby={`stack-${s.id}-about`}
              />
              <label htmlFor={`stack-${s.id}`}>
                <strong>{s.name}</strong>{' '}
                <span className="muted small">
                  {s.id} · {ACCELERATOR_TEXT[s.accelerator]}
                </span>
              </label>
              <div id={`stack-${s.id}-about`} className="small">
                <p>{s.description}</p>
                <p className="muted">
                  Needs {needsText(s)}. Ports: {portsText(s)}.
                </p>
              </div>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>Model and GPU</legend>
        <div className="field-row">
          <div>
            <label htmlFor="lab-model">Model</label>
            {models.length === 0 ? (
              <p id="lab-model" className="muted small">
                {stack?.name ?? 'This stack'} serves no model of its own.
              </p>
            ) : (
              <select
                id="lab-model"
                value={form.modelId}
                onChange={(e) => set('modelId', e.target.value)}
              >
                <option value="">
                  {stack?.model.defaultModelId != null
                    ? `Default (${stack.model.defaultModelId})`
                    : 'None (download your own)'}
                </option>
                {models.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div>
            <label htmlFor="lab-gpu-mode">GPU mode</label>
            <select
              id="lab-gpu-mode"
              value={form.gpuMode}
              disabled={!gpuStack}
              aria-describedby="lab-gpu-mode-note"
              onChange={(e) => set('gpuMode', e.target.value as GpuMode | '')}
            >
              <option value="">Default ({gpuStack ? 'DirectPath' : 'no GPU'})</option>
              {GPU_MODES.map((m) => (
                <option key={m} value={m}>
                  {GPU_MODE_LABELS[m]}
                </option>
              ))}
            </select>
            <span id="lab-gpu-mode-note" className="muted small block">
              {gpuStack ? 'How the VM gets its GPU.' : 'This stack does not use a GPU.'}
            </span>
          </div>
          {form.gpuMode === 'vgpu' && (
            <div>
              <label htmlFor="lab-vgpu">vGPU profile</label>
              <input
                id="lab-vgpu"
                value={form.vgpuProfile}
                placeholder="smallest that holds the model"
                onChange={(e) => set('vgpuProfile', e.target.value)}
              />
            </div>
          )}
          {hosts.length > 0 && (
            <div>
              <label htmlFor="lab-host">vCenter host</label>
              <select id="lab-host" value={form.host} onChange={(e) => set('host', e.target.value)}>
                <option value="">None (a generic plan)</option>
                {hosts.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>Guest</legend>
        <div className="field-row">
          <div>
            <label htmlFor="lab-name">VM name</label>
            <input
              id="lab-name"
              value={form.name}
              placeholder={defaultVmName({ ...form, name: '' })}
              maxLength={80}
              onChange={(e) => set('name', e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="lab-ubuntu">Ubuntu release</label>
            <select
              id="lab-ubuntu"
              value={form.ubuntu}
              onChange={(e) => set('ubuntu', e.target.value as LabForm['ubuntu'])}
            >
              {(['24.04', '22.04'] as const).map((u) => (
                <option key={u} value={u} disabled={stack != null && !stack.ubuntu.includes(u)}>
                  {u} LTS{stack != null && !stack.ubuntu.includes(u) ? ' (not for this stack)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="lab-user">User</label>
            <input
              id="lab-user"
              value={form.user}
              placeholder="labadmin"
              autoComplete="off"
              onChange={(e) => set('user', e.target.value)}
            />
          </div>
        </div>
        <label htmlFor="lab-key">SSH public key</label>
        <textarea
          id="lab-key"
          className="key-input"
          rows={3}
          value={form.sshKey}
          spellCheck={false}
          placeholder="ssh-ed25519 AAAA… you@laptop (the user has no password: without a key, only the console)"
          onChange={(e) => set('sshKey', e.target.value)}
        />
      </fieldset>

      <fieldset className="card">
        <legend>Network</legend>
        <div className="field-row">
          {(['dhcp', 'static'] as const).map((n) => (
            <div className="checkbox" key={n}>
              <input
                type="radio"
                id={`lab-net-${n}`}
                name="network"
                checked={form.network === n}
                onChange={() => set('network', n)}
              />
              <label htmlFor={`lab-net-${n}`}>{n === 'dhcp' ? 'DHCP' : 'Static IPv4'}</label>
            </div>
          ))}
        </div>
        {form.network === 'static' && (
          <div className="field-row">
            <div>
              <label htmlFor="lab-ip">Address/prefix</label>
              <input
                id="lab-ip"
                value={form.ip}
                placeholder="192.168.1.50/24"
                inputMode="decimal"
                onChange={(e) => set('ip', e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="lab-gateway">Gateway</label>
              <input
                id="lab-gateway"
                value={form.gateway}
                placeholder="192.168.1.1"
                inputMode="decimal"
                onChange={(e) => set('gateway', e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="lab-dns">DNS servers</label>
              <input
                id="lab-dns"
                value={form.dns}
                placeholder="192.168.1.1, 9.9.9.9"
                onChange={(e) => set('dns', e.target.value)}
              />
            </div>
          </div>
        )}
      </fieldset>

      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Planning…' : 'Plan the VM'}
        </button>
      </div>
    </form>
  )
}
