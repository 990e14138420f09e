import { describe, expect, it } from 'vitest'
import type { VsphereClient, VsphereClientOptions } from '../adapters/vsphere/client.js'
import { vsphereFromEnv } from './vsphere-access.js'

function recorder() {
  const opened: VsphereClientOptions[] = []
  const open = (options: VsphereClientOptions): VsphereClient =>
    ({
      url: options.url,
      connect: () => {
        opened.push(options)
        return Promise.resolve({} as VsphereClient['serviceContent'])
      },
    }) as unknown as VsphereClient
  return { opened, open }
}

describe('vsphereFromEnv', () => {
  it('is off without GOVC_URL, silently', () => {
    expect(vsphereFromEnv({})).toEqual({ access: null, note: null })
    expect(vsphereFromEnv({ GOVC_URL: ' ' })).toEqual({ access: null, note: null })
  })

  it('says which credential is missing, and never prompts', () => {
    expect(vsphereFromEnv({ GOVC_URL: 'vc.lab' }).note).toBe(
      'GOVC_URL is set but GOVC_USERNAME and GOVC_PASSWORD are not: vCenter features are off',
    )
    expect(vsphereFromEnv({ GOVC_URL: 'vc.lab', GOVC_USERNAME: 'admin' })).toEqual({
      access: null,
      note: 'GOVC_URL is set but GOVC_PASSWORD is not: vCenter features are off',
    })
  })

  it('connects with the environment credentials; the URL it shows has none', async () => {
    const { opened, open } = recorder()
    const { access, note } = vsphereFromEnv(
      {
        GOVC_URL: 'https://admin:pw%40x@vc.lab',
        HOMELAB_AI_VSPHERE_THUMBPRINT: 'AA:BB',
        GOVC_TLS_CA_CERTS: '/etc/ca.pem',
      },
      open,
    )
    expect(note).toBeNull()
    expect(access?.url).toBe('https://vc.lab/sdk')
    await access?.connect()
    expect(opened).toEqual([
      {
        url: 'https://vc.lab/sdk',
        username: 'admin',
        password: 'pw@x',
        thumbprint: 'AA:BB',
        caFile: '/etc/ca.pem',
      },
    ])
  })

  it('takes GOVC_USERNAME/GOVC_PASSWORD before the URL, and GOVC_THUMBPRINT first', async () => {
    const { opened, open } = recorder()
    const { access } = vsphereFromEnv(
      {
        GOVC_URL: 'http://127.0.0.1:9999/sdk',
        GOVC_USERNAME: 'lab',
        GOVC_PASSWORD: 'secret',
        GOVC_THUMBPRINT: 'CC:DD',
        HOMELAB_AI_VSPHERE_THUMBPRINT: 'AA:BB',
      },
      open,
    )
    await access?.connect()
    expect(opened[0]).toMatchObject({ username: 'lab', password: 'secret', thumbprint: 'CC:DD' })
  })
})
