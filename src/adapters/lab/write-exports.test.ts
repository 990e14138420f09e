import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile, chmod, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse as parseHcl } from '@cdktf/hcl2json'
import { parse as parseYaml, parseDocument } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadStackCatalog } from './load-stack-catalog.js'
import { loadLabTarget } from './load-target.js'
import { gzipBytes } from './encode-guestinfo.js'
import { renderExports, writeExports } from './write-exports.js'
import { loadModelCatalog } from '../catalog/load-model-catalog.js'
import { loadGpuCatalog } from '../catalog/load-gpu-catalog.js'
import { planLab, type LabData, type LabRequest } from '../../core/lab-plan.js'
import type { HostTarget } from '../../core/host-target.js'

const run = promisify(execFile)
const GOLDEN = new URL('./golden/', import.meta.url)
// Shell, PowerShell, HCL and YAML metacharacters, newlines and non-ASCII in every user value.
const HOSTILE = `it's "$(touch /tmp/pwned)" \`id\` \${var} %{x} $$\{y} \\n\nline2 ünï 🚀`
let data: LabData
let host: HostTarget
let work: string

beforeAll(async () => {
  const [stacks, models, gpus] = await Promise.all([
    loadStackCatalog(),
    loadModelCatalog(),
    loadGpuCatalog(),
  ])
  data = { stacks, models, gpus, gzip: gzipBytes }
  host = (await loadLabTarget(
    new URL('./fixtures/esxi-8u2-rtx3090.json', import.meta.url).pathname,
  )) as HostTarget
  work = await mkdtemp(join(tmpdir(), 'homelab-lab-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhomelabTestKeyNotARealOneAtAll0000000000 lab@example'

function request(stackId: string, overrides: Partial<LabRequest> = {}): LabRequest {
  const stack = data.stacks.stacks.find((s) => s.id === stackId)
  return {
    stackId,
    gpuMode: stack?.accelerator === 'nvidia-gpu' ? 'passthrough' : 'none',
    name: `lab-${stackId}`,
    target: host,
    guest: {
      ubuntu: '22.04',
      user: 'labadmin',
      sshKey: KEY,
      network: {
        ip: '192.168.10.50',
        prefix: 24,
        gateway: '192.168.10.1',
        dns: ['192.168.10.1', '9.9.9.9'],
      },
    },
    options: {},
    ...overrides,
  }
}

describe('lab exports pass the real tools for every stack', () => {
  it('cloud-init schema, shellcheck, ansible-playbook --syntax-check and hcl2json', async () => {
    for (const stack of data.stacks.stacks) {
      const dir = join(work, stack.id)
      await writeExports(planLab(request(stack.id), data), dir)
      await run('cloud-init', ['schema', '--config-file', join(dir, 'user-data')])
      await run('shellcheck', [join(dir, 'govc.sh')])
      await run('ansible-playbook', ['--syntax-check', join(dir, 'playbook.yml')], {
        env: {
          ...process.env,
          ANSIBLE_LOCALHOST_WARNING: 'False',
          ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
        },
      })
      const tf = (await parseHcl(
        'main.tf',
        await readFile(join(dir, 'main.tf'), 'utf8'),
      )) as Record<string, unknown>
      expect(Object.keys(tf)).toEqual(
        expect.arrayContaining(['resource', 'data', 'provider', 'terraform']),
      )
      await parseHcl('variables.tf', await readFile(join(dir, 'variables.tf'), 'utf8'))
      // The scripts inside user-data are bash and must pass shellcheck too.
      const ud = parseYaml(await readFile(join(dir, 'user-data'), 'utf8')) as {
        write_files: { path: string; content: string }[]
      }
      for (const f of ud.write_files.filter((w) => w.path.endsWith('.sh'))) {
        const script = join(dir, f.path.split('/').pop() ?? 'x.sh')
        await writeFile(script, f.content)
        await run('shellcheck', [script])
      }
    }
  }, 240_000)
})

describe('hostile user values keep their meaning in every export', () => {
  it('govc.sh passes exactly the user values to govc', async () => {
    const plan = planLab(
      request('chat', {
        name: HOSTILE,
        options: { datastore: HOSTILE, network: HOSTILE, template: HOSTILE },
      }),
      data,
    )
    const dir = join(work, 'hostile')
    await writeExports(plan, dir)
    const bin = join(dir, 'bin')
    await run('mkdir', ['-p', bin])
    // A fake govc that records each call's argv, NUL-separated, one call per line of the log.
    await writeFile(
      join(bin, 'govc'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done >> "$GOVC_LOG"\nprintf '\\n' >> "$GOVC_LOG"\n`,
    )
    await chmod(join(bin, 'govc'), 0o755)
    const log = join(dir, 'govc.log')
    await run('sh', [join(dir, 'govc.sh')], {
      env: { PATH: `${bin}:/usr/bin:/bin`, GOVC_URL: 'https://vc.example', GOVC_LOG: log },
    })
    const calls = (await readFile(log, 'utf8'))
      .split('\0\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\0'))
    expect(calls[0]).toEqual([
      'vm.clone',
      '-vm',
      HOSTILE,
      '-on=false',
      '-host',
      'esxi01.lab.local',
      '-ds',
      HOSTILE,
      '-net',
      HOSTILE,
      '-c',
      '4',
      '-m',
      String(plan.vm.memoryMiB),
      HOSTILE,
    ])
    const extra = calls.filter((c) => c[0] === 'vm.change' && c[3] === '-e').map((c) => c[4])
    expect(extra).toEqual(Object.entries(plan.vm.extraConfig).map(([k, v]) => `${k}=${v}`))
    expect(calls.find((c) => c[0] === 'device.pci.add')).toEqual([
      'device.pci.add',
      '-vm',
      HOSTILE,
      '0000:0b:00.0',
    ])
    expect(calls.at(-1)).toEqual(['vm.power', '-on', HOSTILE])
    await expect(readFile('/tmp/pwned')).rejects.toThrow()
  })

  it('main.tf and variables.tf evaluate to the user values', async () => {
    const plan = planLab(request('chat', { name: HOSTILE, options: { datastore: HOSTILE } }), data)
    const files = renderExports(plan)
    const vars = (await parseHcl('variables.tf', files['variables.tf'] ?? '')) as {
      variable: Record<string, [{ default?: string }]>
    }
    const literal = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')
    expect(literal(vars.variable.vm_name?.[0]?.default ?? '')).toBe(HOSTILE)
    expect(literal(vars.variable.datastore?.[0]?.default ?? '')).toBe(HOSTILE)
    const main = (await parseHcl('main.tf', files['main.tf'] ?? '')) as {
      resource: {
        vsphere_virtual_machine: {
          lab: [
            {
              extra_config: Record<string, string>
              pci_device_id: string[]
              memory_reservation_locked_to_max: boolean
            },
          ]
        }
      }
    }
    const vm = main.resource.vsphere_virtual_machine.lab[0]
    expect(vm?.extra_config).toEqual(plan.vm.extraConfig)
    expect(vm?.pci_device_id).toEqual(['0000:0b:00.0'])
    expect(vm?.memory_reservation_locked_to_max).toBe(true)
  })

  it('playbook.yml and user-data parse back to the user values, untemplated', () => {
    const key = `${KEY} ${HOSTILE.replace(/\n/g, ' ')}`
    const plan = planLab(
      request('chat', {
        name: HOSTILE,
        guest: { ubuntu: '24.04', user: 'labadmin', sshKey: key, network: 'dhcp' },
      }),
      data,
    )
    const files = renderExports(plan)
    const doc = parseDocument(files['playbook.yml'] ?? '', {
      customTags: [{ tag: '!unsafe', resolve: (s: string) => s }],
    })
    const play = (doc.toJS() as [{ vars: Record<string, string> }])[0]
    expect(play.vars.vm_name).toBe(HOSTILE)
    expect(files['playbook.yml']).toContain('!unsafe')
    const ud = parseYaml(files['user-data'] ?? '') as { users: [{ ssh_authorized_keys: string[] }] }
    expect(ud.users[0].ssh_authorized_keys).toEqual([key])
  })

  it('powercli.ps1 holds each value as a verbatim single-quoted string', () => {
    const plan = planLab(request('chat', { name: HOSTILE }), data)
    const ps = renderExports(plan)['powercli.ps1'] ?? ''
    const m = /^\$vmName = '((?:[^']|'')*)'$/ms.exec(ps)
    expect(m?.[1]?.replace(/''/g, "'")).toBe(HOSTILE)
  })
})

describe('golden exports', () => {
  it('match src/adapters/lab/golden (UPDATE_GOLDEN=1 rewrites them)', async () => {
    const plan = planLab(request('llama-server', { name: 'ai-lab-llama' }), data)
    const files = renderExports(plan)
    if (process.env.UPDATE_GOLDEN === '1')
      for (const [name, content] of Object.entries(files))
        await writeFile(new URL(name, GOLDEN), content)
    const names = (await readdir(GOLDEN)).sort()
    expect(names).toEqual(Object.keys(files).sort())
    for (const [name, content] of Object.entries(files))
      expect(content, name).toBe(await readFile(new URL(name, GOLDEN), 'utf8'))
  })
})
