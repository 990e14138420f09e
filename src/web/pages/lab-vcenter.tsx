/**
 * The vCenter part of the Lab page: the inventory, a dry run of the planned VM (what, where,
 * why that host) and the apply, which asks for the VM name typed again (the CLI's --yes).
 * Without a vCenter on the server, it says how to configure one.
 */
import { useState } from 'react'
import { callApi } from '../api.js'
import type {
  LabApplyResponse,
  LabExportFile,
  LabPlan,
  LabPlanBody,
  VsphereInventoryResponse,
} from '../../server/api-types.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import { gib, mibAsGib } from '../format.js'
import type { Loaded } from '../use-load.js'

/** The inventory, or the server's word that no vCenter is configured. */
export type VcenterState =
  | { readonly kind: 'configured'; readonly inventory: VsphereInventoryResponse }
  | { readonly kind: 'not-configured'; readonly message: string }

/** The section; `planned` is the plan on screen (the apply sends the body it was made from). */
export function VcenterSection({
  state,
  planned,
}: {
  state: Loaded<VcenterState> & { reload: () => void }
  planned: { body: LabPlanBody; plan: LabPlan; files: readonly LabExportFile[] } | null
}) {
  return (
    <section className="lab-vcenter" aria-labelledby="lab-vcenter-title">
      <h2 id="lab-vcenter-title">vCenter</h2>
      <LoadState state={state} what="the vCenter inventory">
        {(data) =>
          data.kind === 'not-configured' ? (
            <NotConfigured message={data.message} />
          ) : (
            <>
              <Inventory inventory={data.inventory} reload={state.reload} busy={state.loading} />
              {planned == null ? (
                <p className="muted">Plan a VM above to dry-run it or create it here.</p>
              ) : (
                <Apply
                  key={JSON.stringify(planned.body)}
                  body={planned.body}
                  plan={planned.plan}
                  onCreated={state.reload}
                />
              )}
            </>
          )
        }
      </LoadState>
    </section>
  )
}

function NotConfigured({ message }: { message: string }) {
  return (
    <div className="card" data-testid="vcenter-not-configured">
      <p>
        No vCenter is configured on this server, so the inventory, the dry run and the apply are off{' '}
        <span className="visually-hidden">({message})</span>. To turn them on, stop the dashboard
        and start it again with govc&apos;s variables set. The server process reads the password;
        the page never receives it.
      </p>
      <pre tabIndex={0} aria-label="How to start the dashboard with a vCenter">
        {`GOVC_URL=vcenter.lab GOVC_USERNAME=administrator@vsphere.local \\
GOVC_PASSWORD=... homelab-ai serve
# a self-signed ESXi or vCenter certificate: pin it
GOVC_THUMBPRINT=AB:CD:...   # or HOMELAB_AI_VSPHERE_THUMBPRINT, or GOVC_TLS_CA_CERTS=ca.pem`}
      </pre>
      <p className="small muted">
        Without a vCenter, download the exports above and apply them with govc, PowerCLI, Terraform
        or Ansible, or run <code>homelab-ai lab apply DIR --server vcenter.lab</code>.
      </p>
    </div>
  )
}

const READINESS_TONE: Readonly<Record<string, string>> = {
  'gpu-ready': 'pass',
  'vgpu-ready': 'pass',
  'gpu-needs-setup': 'warn',
  'cpu-only': 'skip',
}

function gpuState(g: VsphereInventoryResponse['hosts'][number]['gpus'][number]): string {
  if (g.passthroughActive) return 'passthrough active'
  if (g.passthroughEnabled) return 'passthrough enabled (reboot the host)'
  if (g.passthroughCapable) return 'passthrough capable, off'
  return 'no passthrough'
}

function Inventory({
  inventory,
  reload,
  busy,
}: {
  inventory: VsphereInventoryResponse
  reload: () => void
  busy: boolean
}) {
  const on = inventory.vms.filter((v) => v.powerState === 'poweredOn').length
  return (
    <div className="card" aria-busy={busy}>
      <div className="summary-head">
        <h3>
          {inventory.server.fullName} <span className="muted small">{inventory.url}</span>
        </h3>
        <button type="button" onClick={reload} disabled={busy}>
          {busy ? 'Reading…' : 'Read again'}
        </button>
      </div>
      <h4>Hosts</h4>
      <ul className="plain host-list">
        {inventory.hosts.map((h) => (
          <li key={h.name}>
            <strong>{h.name}</strong>{' '}
            <span className={`badge badge-${READINESS_TONE[h.readiness] ?? 'skip'}`}>
              {h.readiness}
            </span>
            <span className="muted small">
              {h.cluster != null ? `cluster ${h.cluster} · ` : ''}ESXi {h.esxVersion ?? '?'} ·{' '}
              {h.cpuCores ?? '?'} cores · {gib(h.memoryFreeGiB)} free of {gib(h.memoryGiB)}
            </span>
            {h.gpus.length > 0 && (
              <ul>
                {h.gpus.map((g) => (
                  <li key={g.busId}>
                    {g.name} ({g.pciId}) at {g.busId}
                    {g.vramMiB != null && `, ${mibAsGib(g.vramMiB)}`}: {gpuState(g)}
                  </li>
                ))}
              </ul>
            )}
            {h.vgpuProfiles.length > 0 && (
              <p className="small">vGPU profiles: {h.vgpuProfiles.join(', ')}</p>
            )}
            {h.usbDevices != null && h.usbDevices.length > 0 && (
              <ul className="small" aria-label={`USB devices of ${h.name}`}>
                {h.usbDevices.map((u) => (
                  <li key={`${u.physicalPath ?? ''}/${u.usbId}`}>
                    USB {u.description} ({u.usbId}) at {u.physicalPath ?? '?'}
                    {u.coral != null && (
                      <>
                        {' '}
                        <span className="badge badge-pass">Coral</span>{' '}
                        {u.coral === 'programmed' ? 'runtime loaded' : 'before its firmware load'}
                      </>
                    )}
                    {u.inUseBy != null && `, in use by ${u.inUseBy}`}
                  </li>
                ))}
              </ul>
            )}
            <p className="small muted">{h.notes.join('; ')}</p>
          </li>
        ))}
      </ul>
      <h4 id="lab-ds-title">Datastores</h4>
      <div className="table-scroll" tabIndex={0} aria-labelledby="lab-ds-title">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Free</th>
              <th scope="col">Capacity</th>
            </tr>
          </thead>
          <tbody>
            {inventory.datastores.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td>{d.type}</td>
                <td>{gib(d.freeGiB)}</td>
                <td>{gib(d.capacityGiB)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {inventory.distributedPortgroups.length > 0 && (
        <>
          <h4>Distributed port groups</h4>
          <ul className="plain small" data-testid="lab-dvpg">
            {inventory.distributedPortgroups.map((n) => (
              <li key={n.key}>
                {n.name} (key {n.key}, switch {n.switchName ?? '?'}
                {n.switchUuid != null && <code> {n.switchUuid}</code>})
                {n.uplink && ': uplinks, not for VMs'}
              </li>
            ))}
          </ul>
        </>
      )}
      <details>
        <summary>
          {inventory.vms.length} VMs ({on} powered on), networks: {inventory.networks.join(', ')}
        </summary>
        <ul className="plain small">
          {inventory.vms.map((v) => (
            <li key={`${v.host ?? ''}/${v.name}`}>
              {v.name}: {v.powerState}
              {v.host != null && ` on ${v.host}`}
              {v.gpus > 0 && `, ${v.gpus} GPU${v.gpus === 1 ? '' : 's'}`}
            </li>
          ))}
        </ul>
      </details>
    </div>
  )
}

function Apply({
  body,
  plan,
  onCreated,
}: {
  body: LabPlanBody
  plan: LabPlan
  /** Reads the inventory again, so the new VM shows up in it. */
  onCreated: () => void
}) {
  const [answer, setAnswer] = useState<LabApplyResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'dry-run' | 'apply' | null>(null)
  const [confirm, setConfirm] = useState('')
  const name = plan.vm.name
  const run = (dryRun: boolean) => {
    setBusy(dryRun ? 'dry-run' : 'apply')
    setError(null)
    const sent = dryRun ? { ...body, dryRun } : { ...body, dryRun, confirm }
    callApi('POST /api/lab/apply', { body: sent })
      .then((answer) => {
        setAnswer(answer)
        if (answer.mode === 'applied') onCreated()
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(null))
  }
  return (
    <div className="card" aria-labelledby="lab-apply-title" role="region">
      <h3 id="lab-apply-title">Create {name}</h3>
      <p className="small">
        A dry run changes nothing: it shows the VM, what is cloned from which template, the host it
        would go to and why, and why the other hosts were left out. Creating it clones the Ubuntu
        cloud-image template <code>{plan.placement.template}</code> (on standalone ESXi, which has
        no clone, it copies the template&apos;s disk and creates the VM on the copy), powered off,
        with the plan&apos;s CPU, memory, GPUs, USB and cloud-init settings; grows its disk, then
        powers it on. A failure part-way deletes everything it made.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => run(true)} disabled={busy != null}>
          {busy === 'dry-run' ? 'Checking…' : 'Dry run'}
        </button>
      </div>
      <div className="field-row apply-confirm">
        <div>
          <label htmlFor="lab-confirm">
            Type the VM name <code>{name}</code> to confirm
          </label>
          <input
            id="lab-confirm"
            value={confirm}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="danger"
          onClick={() => run(false)}
          disabled={busy != null || confirm !== name}
        >
          {busy === 'apply' ? 'Creating…' : 'Apply: create the VM'}
        </button>
      </div>
      <div aria-live="polite">
        {error != null && <ErrorLine message={error} />}
        {answer != null && <ApplyAnswer answer={answer} />}
      </div>
    </div>
  )
}

function ApplyAnswer({ answer }: { answer: LabApplyResponse }) {
  const { vm, placement } = answer
  return (
    <div className="apply-answer" data-testid="apply-answer">
      <h4>
        {answer.mode === 'dry-run'
          ? 'Dry run: nothing was changed'
          : answer.result?.status === 'unchanged'
            ? `${vm.name} already exists from this plan: nothing to do`
            : `Created ${vm.name} (${answer.result?.vmId ?? ''})`}
      </h4>
      {answer.problem != null && (
        <p className="fix">The apply would be refused: {answer.problem}</p>
      )}
      {answer.clone != null && (
        <div className="small" data-testid="apply-clone">
          {answer.clone.method === 'copy-disk' && (
            <p>
              Standalone ESXi has no clone: copy the disk {answer.clone.sourceDisk ?? '?'} →{' '}
              {answer.clone.targetDisk ?? '?'} (thin), then create the VM on it.
            </p>
          )}
          <p>
            {answer.clone.method === 'copy-disk' ? 'Made from' : 'Clone'}{' '}
            {answer.clone.templateIsTemplate ? 'template' : 'VM'}{' '}
            <strong>{answer.clone.template}</strong>
            {answer.clone.templateHost != null && ` (on ${answer.clone.templateHost}`}
            {answer.clone.templateHost != null && `, ${answer.clone.templateVersion ?? '?'})`} to
            host {answer.clone.host}, datastore {answer.clone.datastore}, network{' '}
            {answer.clone.network ?? 'none'}.
          </p>
          <ul>
            {answer.clone.cloneChanges.length > 0 && (
              <li>
                {answer.clone.method === 'copy-disk' ? 'Create spec' : 'Clone spec'}:{' '}
                {answer.clone.cloneChanges.join('; ')}
              </li>
            )}
            {answer.clone.upgrade != null && (
              <li>
                Then upgrade the virtual hardware {answer.clone.upgrade.from ?? '?'} →{' '}
                {answer.clone.upgrade.to}
              </li>
            )}
            {answer.clone.afterClone.length > 0 && (
              <li>Then reconfigure: {answer.clone.afterClone.join('; ')}</li>
            )}
            {answer.clone.notes.map((n) => (
              <li key={n}>Note: {n}</li>
            ))}
          </ul>
        </div>
      )}
      {placement == null ? (
        <p className="fix">No host fits this VM.</p>
      ) : (
        <>
          <p>
            On host <strong>{placement.host}</strong>, datastore {placement.datastore}, network{' '}
            {placement.network ?? 'none'}: {vm.numCpus} vCPUs, {gib(vm.memoryMiB / 1024)} RAM
            {vm.memoryReservationLockedToMax ? ' (all reserved)' : ''}, {vm.diskGiB} GiB thin disk,{' '}
            {vm.firmware.toUpperCase()}, {vm.hardwareVersion}
            {vm.pciDevices.length > 0 &&
              `; PCI: ${vm.pciDevices.map((d) => `${d.mode} ${d.vendorId}:${d.deviceId}${d.vgpuProfile != null ? ` ${d.vgpuProfile}` : ''}${d.busId != null ? ` at ${d.busId}` : ''}`).join('; ')}`}
            .
          </p>
          <p className="small">Why this host:</p>
          <ul className="small">
            {placement.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      {answer.rejected.length > 0 && (
        <>
          <p className="small">Not chosen:</p>
          <ul className="small">
            {answer.rejected.map((r) => (
              <li key={r.host}>
                {r.host}: {r.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="small muted">
        Plan {answer.planHash}; advanced settings: {Object.keys(vm.extraConfig).join(', ')}.
      </p>
      {answer.progress.length > 0 && <pre tabIndex={0}>{answer.progress.join('\n')}</pre>}
    </div>
  )
}
