/**
 * Lab: plan the AI test VM for one stack (`homelab-ai lab plan`), read every setting with its
 * reason, download the exports, and, with a vCenter configured on the server, see the inventory
 * and create the VM (`homelab-ai lab apply`, with the same dry run and typed confirmation).
 */
import { useState, type FormEvent } from 'react'
import { callApi } from '../api.js'
import type { LabExportFile, LabPlan, LabPlanBody } from '../../server/api-types.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import { useLoad } from '../use-load.js'
import { EMPTY_LAB_FORM, labPlanBody, type LabForm } from './lab-form.js'
import { LabFormView } from './lab-form-view.js'
import { LabPlanView } from './lab-plan-view.js'
import { VcenterSection, type VcenterState } from './lab-vcenter.js'
import './lab.css'

/** A plan on screen with the body it was made from (apply sends the same body). */
interface Planned {
  readonly body: LabPlanBody
  readonly plan: LabPlan
  readonly files: readonly LabExportFile[]
}

// "No vCenter" is a state of this page, not an error: asking first keeps a 404 off the console.
async function loadVcenter(signal: AbortSignal): Promise<VcenterState> {
  const status = await callApi('GET /api/vsphere', { signal })
  if (!status.configured) return { kind: 'not-configured', message: status.message }
  const inventory = await callApi('GET /api/vsphere/inventory', { signal })
  return { kind: 'configured', inventory }
}

/** The Lab page. */
export function LabPage() {
  const stacks = useLoad('stacks', (signal) => callApi('GET /api/stacks', { signal }))
  const vcenter = useLoad('vcenter', loadVcenter)
  const [form, setForm] = useState<LabForm>(EMPTY_LAB_FORM)
  const [planned, setPlanned] = useState<Planned | null>(null)
  const [planning, setPlanning] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const onPlan = (e: FormEvent) => {
    e.preventDefault()
    const body = labPlanBody(form)
    setPlanning(true)
    setError(null)
    Promise.all([
      callApi('POST /api/lab/plan', { body }),
      callApi('POST /api/lab/exports', { body }),
    ])
      .then(([plan, exports]) => setPlanned({ body, plan, files: exports.files }))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setPlanning(false))
  }
  const hosts =
    vcenter.data?.kind === 'configured' ? vcenter.data.inventory.hosts.map((h) => h.name) : []

  return (
    <>
      <h1>Lab</h1>
      <p className="lead">
        Plan a VM for one AI stack on ESXi or vCenter: every setting with its reason, the cloud-init
        bootstrap, and files for govc, PowerCLI, Terraform and Ansible (the same as{' '}
        <code>homelab-ai lab plan</code>).
      </p>
      <LoadState state={stacks} what="the lab stacks">
        {(data) => (
          <LabFormView
            data={data}
            form={form}
            onChange={setForm}
            onSubmit={onPlan}
            busy={planning}
            hosts={hosts}
          />
        )}
      </LoadState>
      <div aria-live="polite" aria-busy={planning}>
        {error != null && <ErrorLine message={error} />}
        {planned != null && (
          <LabPlanView plan={planned.plan} files={planned.files} body={planned.body} />
        )}
      </div>
      <VcenterSection state={vcenter} planned={planned} />
    </>
  )
}
