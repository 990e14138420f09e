/**
 * The what-if hardware editor: pick catalog GPUs and counts, RAM and cores; every change
 * recomputes the verdicts (the page refetches with the new query). Saved profiles keep a
 * what-if under a name, for the next visit and for `--profile`-style comparisons.
 */
import { useState } from 'react'
import { callApi } from '../api.js'
import type { GpuOption, SavedProfile } from '../../server/api-types.js'
import { useLoad } from '../use-load.js'
import { ErrorLine } from '../components/load-state.js'
import { NO_WHAT_IF, isWhatIf, whatIfQuery, type PickedGpu, type WhatIf } from './what-if.js'

const VENDOR_NAMES = { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', apple: 'Apple' } as const

/** The editor; `value` is owned by the page so it survives moving to a model's detail. */
export function WhatIfEditor({
  value,
  onChange,
}: {
  value: WhatIf
  onChange: (next: WhatIf) => void
}) {
  const gpus = useLoad('gpus', (signal) => callApi('GET /api/gpus', { signal }))
  const options = gpus.data?.gpus ?? []
  const picked = value.gpus ?? []
  const setGpus = (next: readonly PickedGpu[]) =>
    onChange({ ...value, gpus: next.length === 0 ? null : next })
  const firstName = options[0]?.name ?? ''

  // Open beside the list on wide screens; folded on phones, where it would push the list away.
  const [open, setOpen] = useState(() => window.matchMedia('(min-width: 980px)').matches)
  return (
    <details className="card what-if" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        What if?
        <span className="muted small">
          {' '}
          · {isWhatIf(value) ? 'imagined hardware' : 'this machine'}
        </span>
      </summary>
      <p className="muted small">
        Imagine other hardware: the verdicts below are recomputed for it. Empty fields keep this
        machine’s own.
      </p>
      {gpus.error != null && <ErrorLine message={gpus.error} retry={gpus.reload} />}
      <fieldset>
        <legend>GPUs</legend>
        {picked.length === 0 && <p className="muted small">This machine’s own GPUs.</p>}
        {picked.map((g, i) => (
          <div className="gpu-pick" key={i}>
            <label htmlFor={`whatif-gpu-${i}`} className="visually-hidden">
              GPU {i + 1} model
            </label>
            <select
              id={`whatif-gpu-${i}`}
              value={g.name}
              onChange={(e) =>
                setGpus(picked.map((p, j) => (j === i ? { ...p, name: e.target.value } : p)))
              }
            >
              <GpuOptions options={options} />
            </select>
            <label htmlFor={`whatif-count-${i}`} className="visually-hidden">
              How many of GPU {i + 1}
            </label>
            <input
              id={`whatif-count-${i}`}
              type="number"
              min={1}
              max={16}
              inputMode="numeric"
              value={g.count}
              onChange={(e) => {
                const count = Math.max(1, Math.min(16, Number(e.target.value) || 1))
                setGpus(picked.map((p, j) => (j === i ? { ...p, count } : p)))
              }}
            />
            <button
              type="button"
              aria-label={`Remove GPU ${i + 1}`}
              onClick={() => setGpus(picked.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          disabled={options.length === 0}
          onClick={() => setGpus([...picked, { name: firstName, count: 1 }])}
        >
          Add a GPU
        </button>
      </fieldset>
      <div className="field-row">
        <div>
          <label htmlFor="whatif-ram">RAM (GiB)</label>
          <input
            id="whatif-ram"
            type="number"
            min={1}
            max={4096}
            inputMode="numeric"
            placeholder="as now"
            value={value.ramGiB}
            onChange={(e) => onChange({ ...value, ramGiB: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="whatif-cores">CPU cores</label>
          <input
            id="whatif-cores"
            type="number"
            min={1}
            max={512}
            inputMode="numeric"
            placeholder="as now"
            value={value.cores}
            onChange={(e) => onChange({ ...value, cores: e.target.value })}
          />
        </div>
      </div>
      <div className="button-row">
        <button type="button" disabled={!isWhatIf(value)} onClick={() => onChange(NO_WHAT_IF)}>
          Back to this machine
        </button>
      </div>
      <Profiles value={value} onLoad={onChange} />
    </details>
  )
}

function GpuOptions({ options }: { options: readonly GpuOption[] }) {
  const vendors = ['nvidia', 'amd', 'intel', 'apple'] as const
  return (
    <>
      {vendors.map((v) => {
        const list = options.filter((o) => o.vendor === v)
        if (list.length === 0) return null
        return (
          <optgroup key={v} label={VENDOR_NAMES[v]}>
            {list.map((o) => (
              <option key={o.id} value={o.name}>
                {o.name}
                {o.vramGiB != null &&
                  ` (${o.vramGiB} GiB${o.memoryKind === 'unified' ? ' unified' : ''})`}
              </option>
            ))}
          </optgroup>
        )
      })}
    </>
  )
}

/** Turns a saved profile's overrides back into the editor's state. */
function fromProfile(p: SavedProfile): WhatIf {
  const gpus =
    p.overrides.gpu == null
      ? null
      : p.overrides.gpu.split(/\s*[,+]\s*/).map((item) => {
          const m = /^(\d+)\s*x\s*(.+)$/i.exec(item.trim())
          return m == null
            ? { name: item.trim(), count: 1 }
            : { name: (m[2] ?? '').trim(), count: Number(m[1]) }
        })
  return { gpus, ramGiB: p.overrides.ram ?? '', cores: p.overrides.cores ?? '' }
}

function Profiles({ value, onLoad }: { value: WhatIf; onLoad: (w: WhatIf) => void }) {
  const profiles = useLoad('profiles', (signal) => callApi('GET /api/profiles', { signal }))
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const list = profiles.data?.profiles ?? []

  const save = () => {
    setError(null)
    const overrides = whatIfQuery(value)
    callApi('POST /api/profiles', { body: { name: name.trim(), overrides } }).then(
      () => {
        setName('')
        profiles.reload()
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }
  const remove = (p: SavedProfile) => {
    setError(null)
    callApi('DELETE /api/profiles/:id', { params: { id: String(p.id) } }).then(
      () => profiles.reload(),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }

  return (
    <details className="profiles">
      <summary>Saved what-if profiles ({list.length})</summary>
      {profiles.error != null && <ErrorLine message={profiles.error} retry={profiles.reload} />}
      {list.length > 0 && (
        <ul className="plain">
          {list.map((p) => (
            <li key={p.id} className="profile-item">
              <span>{p.name}</span>
              <button type="button" onClick={() => onLoad(fromProfile(p))}>
                Use
              </button>
              <button
                type="button"
                aria-label={`Delete profile ${p.name}`}
                onClick={() => remove(p)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <div>
          <label htmlFor="profile-name">Save this what-if as</label>
          <input
            id="profile-name"
            value={name}
            maxLength={64}
            onChange={(e) => setName(e.target.value)}
            placeholder="2x 3090 upgrade"
          />
        </div>
        <button type="submit" disabled={!isWhatIf(value) || name.trim() === ''}>
          Save
        </button>
      </form>
      {error != null && <ErrorLine message={error} />}
    </details>
  )
}
