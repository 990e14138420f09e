import { describe, expect, it } from 'vitest'
import { UsageError } from '../../core/errors.js'
import { createVsphereClient, normalizeSdkUrl } from './client.js'
import {
  createHttpsTransport,
  normalizeThumbprint,
  type SoapHttpRequest,
  type SoapTransport,
} from './https-transport.js'
import { VsphereNotAuthenticatedError, VsphereProtocolError } from './vsphere-errors.js'

const envelope = (body: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
const serviceContent = envelope(
  '<RetrieveServiceContentResponse xmlns="urn:vim25"><returnval><rootFolder type="Folder">group-d1</rootFolder><propertyCollector type="PropertyCollector">propertyCollector</propertyCollector><viewManager type="ViewManager">ViewManager</viewManager><about><fullName>VMware vCenter Server 8.0.3</fullName><version>8.0.3</version><apiType>VirtualCenter</apiType><apiVersion>8.0.3.0</apiVersion></about><sessionManager type="SessionManager">SessionManager</sessionManager></returnval></RetrieveServiceContentResponse>',
)
const notAuthenticated = envelope(
  '<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>The session is not authenticated.</faultstring><detail><NotAuthenticatedFault xmlns="urn:vim25" xsi:type="NotAuthenticated"/></detail></soapenv:Fault>',
)

/** A scripted server: answers by method, records what was sent. */
function scripted(answers: Record<string, string[]>): SoapTransport & { sent: SoapHttpRequest[] } {
  const sent: SoapHttpRequest[] = []
  let session = 0
  return {
    sent,
    close: () => undefined,
    send(request) {
      sent.push(request)
      const queue = answers[request.method] ?? []
      const body = queue.length > 1 ? queue.shift()! : queue[0]
      if (body == null) return Promise.reject(new Error(`unscripted ${request.method}`))
      const setCookie =
        request.method === 'Login' ? [`vmware_soap_session="s${++session}"; Path=/; HttpOnly`] : []
      return Promise.resolve({ status: body.includes('Fault>') ? 500 : 200, body, setCookie })
    },
  }
}

describe('createVsphereClient', () => {
  it('logs in, sends the session cookie and the server API version, and logs in again once when the session expired', async () => {
    const transport = scripted({
      RetrieveServiceContent: [serviceContent],
      Login: [envelope('<LoginResponse xmlns="urn:vim25"><returnval/></LoginResponse>')],
      CurrentTime: [
        notAuthenticated,
        envelope(
          '<CurrentTimeResponse xmlns="urn:vim25"><returnval>now</returnval></CurrentTimeResponse>',
        ),
      ],
      Logout: [envelope('<LogoutResponse xmlns="urn:vim25"/>')],
    })
    const client = createVsphereClient({
      url: 'vcenter.lab',
      username: 'admin',
      password: 'pw',
      transport,
    })
    const content = await client.connect()
    expect(content.about.apiType).toBe('VirtualCenter')
    const res = await client.invoke(
      'CurrentTime',
      { type: 'ServiceInstance', value: 'ServiceInstance' },
      '',
    )
    expect(res.children[0]?.text).toBe('now')
    expect(transport.sent.map((r) => r.method)).toEqual([
      'RetrieveServiceContent',
      'Login',
      'CurrentTime',
      'Login',
      'CurrentTime',
    ])
    expect(transport.sent[4]!.headers.Cookie).toBe('vmware_soap_session="s2"')
    expect(transport.sent[4]!.headers.SOAPAction).toBe('"urn:vim25/8.0.3.0"')
    expect(transport.sent[0]!.url).toBe('https://vcenter.lab/sdk')
    await client.close()
    expect(transport.sent.at(-1)!.method).toBe('Logout')
  })

  it('gives up after one re-login', async () => {
    const transport = scripted({
      RetrieveServiceContent: [serviceContent],
      Login: [envelope('<LoginResponse xmlns="urn:vim25"><returnval/></LoginResponse>')],
      CurrentTime: [notAuthenticated],
    })
    const client = createVsphereClient({
      url: 'https://esxi/sdk',
      username: 'root',
      password: 'pw',
      transport,
    })
    await client.connect()
    await expect(
      client.invoke('CurrentTime', { type: 'ServiceInstance', value: 'ServiceInstance' }, ''),
    ).rejects.toBeInstanceOf(VsphereNotAuthenticatedError)
  })

  it('reports an HTML page instead of SOAP as a protocol error', async () => {
    const transport: SoapTransport = {
      close: () => undefined,
      send: () => Promise.resolve({ status: 404, body: '<html/>', setCookie: [] }),
    }
    const client = createVsphereClient({
      url: 'https://esxi',
      username: 'root',
      password: 'pw',
      transport,
    })
    await expect(client.connect()).rejects.toThrow(VsphereProtocolError)
  })
})

describe('URLs and thumbprints', () => {
  it('splits govc-style credentials off the URL', () => {
    const { url, username, password } = normalizeSdkUrl('https://root:p%40ss@esxi.lab')
    expect([url.toString(), username, password]).toEqual(['https://esxi.lab/sdk', 'root', 'p@ss'])
  })

  it('allows plain http only to loopback', () => {
    expect(() => createHttpsTransport(new URL('http://esxi.lab/sdk'))).toThrow(UsageError)
    createHttpsTransport(new URL('http://127.0.0.1:8989/sdk')).close()
  })

  it('normalises SHA-256 thumbprints and refuses SHA-1 ones', () => {
    expect(normalizeThumbprint('ab'.repeat(32))).toBe(Array(32).fill('AB').join(':'))
    expect(() => normalizeThumbprint('AB:'.repeat(19) + 'AB')).toThrow(/SHA-1/)
    expect(() => normalizeThumbprint('zz')).toThrow(UsageError)
  })
})
