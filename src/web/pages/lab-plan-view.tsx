/**
 * A lab plan on the page: warnings first, the VM settings with their reasons and sources, the
 * advanced settings and devices, the cloud-init user-data, and the export files to download.
 */
import { useState } from 'react'
import { downloadApi } from '../api.js'
import type { LabExportFile, LabPlan, LabPlanBody } from '../../server/api-types.js'
import { ErrorLine } from '../components/load-state.js'
import { gib } from '../format.js'
import { portsText, warningForPage } from './lab-form.js'
import { saveFile } from './save-file.js'

/** guestinfo values are long base64; the table says what they are instead of printing them. */
const LONG_VALUE = 120

/** The plan, its reasons and its downloads. */
export function LabPlanView({
  plan,
  files,
  body,
}: {
  plan: LabPlan
  files: readonly LabExportFile[]
  body: LabPlanBody
}) {
  const { vm, placement } = plan
  return (
    <section className="lab-plan" aria-labelledby="lab-plan-title">
      <h2 id="lab-plan-title">Plan: {vm.name}</h2>
      <p>
        {plan.stack.name}
        {plan.model != null && (
          <>
            {' '}
            serving <strong>{plan.model.name}</strong>
          </>
        )}
        : {vm.numCpus} vCPUs, {gib(vm.memoryMiB / 1024)} RAM
        {vm.memoryReservationLockedToMax ? ' (all reserved)' : ''}, {vm.diskGiB} GiB disk,{' '}
        {vm.hardwareVersion}. GPU: {plan.gpuMode === 'none' ? 'none' : plan.gpuMode}.
      </p>
      {plan.warnings.length > 0 ? (
        <div className="lab-warnings" role="note" aria-labelledby="lab-warnings-title">
          <h3 id="lab-warnings-title">
            {plan.warnings.length} warning{plan.warnings.length === 1 ? '' : 's'}
          </h3>
          <ul>
            {plan.warnings.map((w) => (
              <li key={w}>{warningForPage(w)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="ok">No known problem with this plan.</p>
      )}

      <Downloads plan={plan} files={files} body={body} />

      <div className="card">
        <h3 id="lab-reasons-title">VM settings and why</h3>
        <div className="table-scroll" tabIndex={0} aria-labelledby="lab-reasons-title">
          <table className="lab-reasons">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Value</th>
                <th scope="col">Why</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {plan.reasons.map((r) => (
                <tr key={r.setting}>
                  <th scope="row">
                    <code>{r.setting}</code>
                  </th>
                  <td className="break" data-label="Value">
                    {r.value}
                  </td>
                  <td data-label="Why">{r.why}</td>
                  <td className="small" data-label="Source">
                    <ShortSource source={r.source} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {plan.model?.memory != null && (
          <p className="small muted">
            Model memory ({plan.model.memory.basis === 'fit-engine' ? 'fit engine' : 'estimate'}):{' '}
            {plan.model.memory.explanation}
          </p>
        )}
      </div>

      <div className="card">
        <h3>Placement and devices</h3>
        <dl className="facts">
          <div>
            <dt>Host</dt>
            <dd>{placement.host ?? 'any (no vSphere host given)'}</dd>
          </div>
          <div>
            <dt>Datastore</dt>
            <dd>{placement.datastore}</dd>
          </div>
          <div>
            <dt>Network</dt>
            <dd>{placement.network}</dd>
          </div>
          <div>
            <dt>Template</dt>
            <dd>{placement.template}</dd>
          </div>
          <div>
            <dt>Ports</dt>
            <dd>{portsText(plan.stack)}</dd>
          </div>
        </dl>
        <h4>PCI devices</h4>
        {vm.pciDevices.length === 0 ? (
          <p className="muted">None: this VM gets no GPU.</p>
        ) : (
          <ul className="plain">
            {vm.pciDevices.map((d, i) => (
              <li key={i}>
                {d.name}: {d.mode} {d.vendorId}:{d.deviceId ?? '?'}
                {d.pciId != null && ` at ${d.pciId}`}
                {d.vgpuProfile != null && `, profile ${d.vgpuProfile}`}
                {d.framebufferGiB != null && `, ${gib(d.framebufferGiB)}`}
              </li>
            ))}
          </ul>
        )}
        {vm.usbDevices.length > 0 && (
          <>
            <h4>USB devices</h4>
            <ul className="plain">
              {vm.usbDevices.map((u) => (
                <li key={`${u.vendorId}:${u.productId}`}>
                  {u.name} ({u.vendorId}:{u.productId}
                  {u.physicalPath != null && `, port ${u.physicalPath}`})
                </li>
              ))}
            </ul>
          </>
        )}
        <h4 id="lab-extra-title">Advanced settings (extraConfig)</h4>
        <div className="table-scroll" tabIndex={0} aria-labelledby="lab-extra-title">
          <table>
            <tbody>
              {Object.entries(vm.extraConfig).map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">
                    <code>{key}</code>
                  </th>
                  <td className="break">
                    {value.length > LONG_VALUE ? (
                      <span className="muted">
                        {value.length.toLocaleString('en-US')} characters of {plan.guest.encoding}{' '}
                        (shown below as text)
                      </span>
                    ) : (
                      <code>{value}</code>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {plan.stack.notes.length > 0 && (
          <>
            <h4>Notes</h4>
            <ul>
              {plan.stack.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div className="card">
        <h3 id="lab-userdata-title">cloud-init user-data</h3>
        <p className="small muted">
          Read by cloud-init from <code>guestinfo.userdata</code> on first boot: the driver, the
          NVIDIA Container Toolkit and Docker, the stack, one reboot, then the health checks.
        </p>
        <pre className="user-data" tabIndex={0} aria-labelledby="lab-userdata-title">
          {plan.guest.userData}
        </pre>
      </div>
    </section>
  )
}

// A long URL would squeeze the table: the link shows the site, the full address is its title.
function ShortSource({ source }: { source: string }) {
  if (!/^https:\/\/\S+$/.test(source)) return <>{source}</>
  const url = new URL(source)
  return (
    <a href={source} title={source} target="_blank" rel="noopener noreferrer">
      {url.hostname.replace(/^www\./, '')}
      <span className="visually-hidden"> ({url.pathname})</span>
    </a>
  )
}

function Downloads({
  plan,
  files,
  body,
}: {
  plan: LabPlan
  files: readonly LabExportFile[]
  body: LabPlanBody
}) {
  const [zipping, setZipping] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const downloadZip = () => {
    setZipping(true)
    setError(null)
    downloadApi('POST /api/lab/exports.zip', body, `${plan.vm.name}.zip`)
      .then((file) => saveFile(file.blob, file.fileName))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setZipping(false))
  }
  return (
    <div className="card" role="group" aria-labelledby="lab-downloads-title">
      <h3 id="lab-downloads-title">Download the exports</h3>
      <p className="small muted">
        The files <code>lab plan --out DIR</code> writes; <code>plan.json</code> is what{' '}
        <code>lab apply</code> reads.
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={downloadZip} disabled={zipping}>
          {zipping ? 'Zipping…' : 'Download all (.zip)'}
        </button>
        {files.map((f) => (
          <button
            type="button"
            key={f.name}
            data-file={f.name}
            onClick={() => saveFile(new Blob([f.content], { type: 'text/plain' }), f.name)}
          >
            {f.name}
          </button>
        ))}
      </div>
      {error != null && <ErrorLine message={error} />}
    </div>
  )
}
