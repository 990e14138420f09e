import { describe, expect, it } from 'vitest'
import type { LabModelOption, StackOption } from '../../server/api-types.js'
import {
  EMPTY_LAB_FORM,
  defaultVmName,
  labPlanBody,
  modelsFor,
  needsText,
  portsText,
  warningForPage,
} from './lab-form.js'

const chat: StackOption = {
  id: 'chat',
  name: 'Chat',
  description: 'A chat',
  accelerator: 'nvidia-gpu',
  cpuVariantOf: null,
  model: { kind: 'llm', runtime: 'ollama', defaultModelId: 'llama-3.1-8b-instruct' },
  ubuntu: ['22.04', '24.04'],
  requirements: { minVcpus: 4, minRamGiB: 8, minVramGiB: 8, recommendedVramGiB: 12, diskGiB: 20 },
  ports: [
    { port: 3000, protocol: 'tcp', service: 'Open WebUI' },
    { port: 11434, protocol: 'tcp', service: 'Ollama API' },
  ],
  notes: [],
}
const jupyterCpu: StackOption = {
  ...chat,
  id: 'jupyter-cpu',
  accelerator: 'cpu',
  model: { kind: null, runtime: null, defaultModelId: null },
  requirements: { ...chat.requirements, minVramGiB: 0, recommendedVramGiB: null },
  ports: [],
}
const models: LabModelOption[] = [
  { id: 'a', name: 'A', kind: 'llm', family: 'x' },
  { id: 'sdxl', name: 'SDXL', kind: 'image', family: 'y' },
]

describe('labPlanBody', () => {
  it('leaves every empty field out, so the server applies the CLI defaults', () => {
    expect(labPlanBody(EMPTY_LAB_FORM)).toEqual({ stackId: 'chat', ubuntu: '24.04' })
  })

  it('sends trimmed values, the key as typed, and static fields only with static', () => {
    const form = {
      ...EMPTY_LAB_FORM,
      modelId: 'a',
      gpuMode: 'vgpu' as const,
      vgpuProfile: ' grid_a100-20c ',
      name: ' my vm ',
      user: 'me',
      sshKey: 'ssh-ed25519 AAAA me\n',
      ip: '10.0.0.5/24',
      host: 'esx1',
    }
    expect(labPlanBody(form)).toEqual({
      stackId: 'chat',
      modelId: 'a',
      gpuMode: 'vgpu',
      vgpuProfile: 'grid_a100-20c',
      name: 'my vm',
      ubuntu: '24.04',
      user: 'me',
      sshKey: 'ssh-ed25519 AAAA me\n',
      host: 'esx1',
    })
    expect(
      labPlanBody({ ...form, network: 'static', gateway: '10.0.0.1', dns: '10.0.0.1' }),
    ).toMatchObject({ ip: '10.0.0.5/24', gateway: '10.0.0.1', dns: '10.0.0.1' })
  })

  it('drops the vGPU profile unless the mode is vGPU', () => {
    expect(labPlanBody({ ...EMPTY_LAB_FORM, vgpuProfile: 'x' })).not.toHaveProperty('vgpuProfile')
  })
})

describe('stack helpers', () => {
  it('offers the models of the stack kind only', () => {
    expect(modelsFor(chat, models).map((m) => m.id)).toEqual(['a'])
    expect(modelsFor(jupyterCpu, models)).toEqual([])
  })

  it('says the needs and ports', () => {
    expect(needsText(chat)).toBe(
      '8 GiB VRAM (12 recommended) · 8 GiB RAM · 4 vCPUs · 20 GiB disk + model',
    )
    expect(needsText(jupyterCpu)).toBe('8 GiB RAM · 4 vCPUs · 20 GiB disk')
    expect(portsText(chat)).toBe('3000 (Open WebUI), 11434 (Ollama API)')
    expect(portsText(jupyterCpu)).toBe('none')
  })

  it('names the VM as the server will', () => {
    expect(defaultVmName(EMPTY_LAB_FORM)).toBe('ai-lab-chat')
    expect(defaultVmName({ ...EMPTY_LAB_FORM, name: ' x ' })).toBe('x')
  })
})

describe('warningForPage', () => {
  it.each([
    [
      'No --ssh-key: labadmin has no password and no key, so you can only log in on the VM console after setting one.',
      'No SSH public key: labadmin has no password and no key, so you can only log in on the VM console after setting one.',
    ],
    [
      'No target given: the PCI device is not known. Pass --target host.json (or a probe profile) so the plan can name it.',
      'No target given: the PCI device is not known. Pick a vCenter host so the plan can name it.',
    ],
    [
      'jupyter does not use a GPU, so --gpu-mode passthrough is ignored.',
      'jupyter does not use a GPU, so GPU mode passthrough is ignored.',
    ],
    ['Nothing to translate here.', 'Nothing to translate here.'],
  ])('%s', (cli, page) => {
    expect(warningForPage(cli)).toBe(page)
  })
})
