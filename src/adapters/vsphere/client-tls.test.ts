// TLS checks through a local https proxy with a self-signed certificate made by openssl,
// in front of the simulator (like an ESXi host with its factory certificate).
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVcsim, VCSIM_BUILD_TIMEOUT_MS, type Vcsim } from '../../../test/vcsim/start-vcsim.js'
import { createVsphereClient } from './client.js'
import { readInventory } from './inventory.js'
import { VsphereTlsError } from './vsphere-errors.js'

describe('TLS to a host with a self-signed certificate', () => {
  let sim: Vcsim
  let proxy: https.Server
  let url: string
  let thumbprint: string
  let dir: string
  beforeAll(async () => {
    sim = await startVcsim()
    dir = mkdtempSync(join(tmpdir(), 'vsphere-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    )
    const cert = readFileSync(join(dir, 'cert.pem'))
    thumbprint = new X509Certificate(cert).fingerprint256
    const target = new URL(sim.url)
    proxy = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      req.pipe(upstream)
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    url = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}/sdk`
  }, VCSIM_BUILD_TIMEOUT_MS)
  afterAll(async () => {
    proxy?.closeAllConnections()
    await new Promise((r) => proxy?.close(r))
    await sim?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses an untrusted certificate and names its SHA-256 thumbprint', async () => {
    const client = createVsphereClient({ url, username: 'u', password: 'p' })
    const error = await client.connect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VsphereTlsError)
    expect((error as VsphereTlsError).presentedThumbprint).toBe(thumbprint)
    expect((error as Error).message).toContain(`--thumbprint ${thumbprint}`)
    await client.close()
  })

  it('connects when the thumbprint is pinned (any case, with or without colons)', async () => {
    const client = createVsphereClient({
      url,
      username: 'u',
      password: 'p',
      thumbprint: thumbprint.replace(/:/g, '').toLowerCase(),
    })
    await client.connect()
    expect((await readInventory(client)).hosts.length).toBe(4)
    await client.close()
  })

  it('refuses a thumbprint mismatch before sending the password', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB'
    const client = createVsphereClient({ url, username: 'u', password: 'p', thumbprint: wrong })
    const error = await client.connect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VsphereTlsError)
    expect((error as Error).message).toContain(`presented SHA-256 ${thumbprint}`)
    await client.close()
  })

  it('trusts the certificate through --ca-file', async () => {
    const caFile = join(dir, 'ca.pem')
    writeFileSync(caFile, readFileSync(join(dir, 'cert.pem')))
    const client = createVsphereClient({ url, username: 'u', password: 'p', caFile })
    await client.connect()
    await client.close()
  })
})
