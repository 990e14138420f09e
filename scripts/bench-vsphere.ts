/**
 * `npm run bench:vsphere`: a full inventory of a simulated vCenter with 4 clusters, 100 hosts and
 * 1000 VMs (govmomi 0.24.2 simulator, test/vcsim), with our client and with pyVmomi retrieving the
 * same properties, side by side. Target for ours: the full inventory (USB devices included) under
 * 1 s. The pyVmomi script reads the PropertyCollector part only, so the ratio compares it with
 * ours without the per-host USB queries.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createVsphereClient } from '../src/adapters/vsphere/client.js'
import { readInventory } from '../src/adapters/vsphere/inventory.js'
import { startVcsim } from '../test/vcsim/start-vcsim.js'

interface PyResult {
  readonly runsMs: number[]
  readonly hosts: number
  readonly vms: number
}

const RUNS = 5
const TARGET_MS = 1000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

const sim = await startVcsim([
  '-clusters',
  '4',
  '-hosts',
  '100',
  '-standalone',
  '0',
  '-vms',
  '1000',
  '-username',
  'bench',
  '-password',
  'bench',
])
try {
  const client = createVsphereClient({ url: sim.url, username: 'bench', password: 'bench' })
  await client.connect()
  const warm = await readInventory(client) // JIT and connection warm-up, as the Python side does
  const ours: number[] = []
  const oursNoUsb: number[] = []
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now()
    await readInventory(client)
    ours.push(performance.now() - start)
    start = performance.now()
    await readInventory(client, { usb: false })
    oursNoUsb.push(performance.now() - start)
  }
  await client.close()

  let python: PyResult | null = null
  let pythonNote = ''
  try {
    // Debian's python3-pyvmomi lives in the system Python, not in a pyenv one.
    const { stdout } = await promisify(execFile)(
      '/usr/bin/python3',
      ['scripts/bench/pyvmomi_inventory.py', sim.url, 'bench', 'bench', String(RUNS)],
      { timeout: 600_000, maxBuffer: 1 << 20 },
    )
    python = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as PyResult
  } catch (error) {
    pythonNote = `pyVmomi run failed (${(error as Error).message.split('\n')[0]}); install python3-pyvmomi`
  }

  const oursMs = median(ours)
  const samePartMs = median(oursNoUsb)
  const usbHosts = warm.hosts.filter((h) => (h.usbDevices ?? []).length > 0).length
  console.log(
    `vSphere inventory: ${warm.hosts.length} hosts, ${warm.vms.length} VMs, ${warm.clusters.length} clusters, ${usbHosts} hosts with USB devices (median of ${RUNS})`,
  )
  console.log(
    `  homelab-ai  ${oursMs.toFixed(0).padStart(6)} ms  full inventory with USB devices: ${oursMs < TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target`,
  )
  console.log(
    `  homelab-ai  ${samePartMs.toFixed(0).padStart(6)} ms  without the per-host USB queries (what pyVmomi reads)`,
  )
  if (python != null) {
    const pyMs = median(python.runsMs)
    console.log(
      `  pyVmomi     ${pyMs.toFixed(0).padStart(6)} ms  (${python.hosts} hosts, ${python.vms} VMs)`,
    )
    console.log(
      `  ratio       ${(pyMs / samePartMs).toFixed(1)}x (pyVmomi time / ours, same reads)`,
    )
  } else {
    console.log(`  ${pythonNote}`)
  }
} finally {
  await sim.stop()
}
