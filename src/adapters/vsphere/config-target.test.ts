// The ConfigTarget parser on recorded replies (GPUs, from govmomi's test data) and on a
// handwritten USB reply (see fixtures/PROVENANCE.md: no recorded one with USB devices exists).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfigTarget } from './config-target.js'
import { inventoryUsb } from './host-devices.js'
import { child, parseResponse } from './soap-envelope.js'
import { usbPortPath } from './vm-spec-xml.js'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')

describe('QueryConfigTarget usb[]', () => {
  const reply = parseResponse(
    fixture('handwritten_QueryConfigTarget_usb-coral.xml'),
    'QueryConfigTarget',
  )
  const usb = parseConfigTarget(child(reply, 'returnval')!).usb.map(inventoryUsb)

  it('reads description, hex ids, port path and the VM using a device, and flags the Coral', () => {
    expect(usb).toEqual([
      {
        description: 'Global Unichip Corp.',
        vendorId: '1a6e',
        productId: '089a',
        physicalPath: 'path:1/0/1 version:2',
        inUseBy: null,
        coral: 'unprogrammed',
      },
      {
        description: 'Google Inc.',
        vendorId: '18d1',
        productId: '9302',
        physicalPath: 'path:1/0/2 version:3',
        inUseBy: 'vm-42',
        coral: 'programmed',
      },
      {
        description: 'American Power Conversion Uninterruptible Power Supply',
        vendorId: '051d',
        productId: '0002',
        physicalPath: 'path:2/0/4',
        inUseBy: null,
        coral: null,
      },
    ])
  })

  it('reduces every spelling of the port path to the port', () => {
    expect(usb.map((u) => usbPortPath(u.physicalPath!))).toEqual(['1/0/1', '1/0/2', '2/0/4'])
    expect(usbPortPath('1/0/1')).toBe('1/0/1')
  })

  it('a recorded reply without USB devices gives none', () => {
    const node = parseResponse(
      `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><QueryConfigTargetResponse xmlns="urn:vim25"><returnval>${fixture(
        'govmomi_config-target_vcenter-host-15_no-gpu.xml',
      )
        .replace(/^<\?xml[^>]*>/, '')
        .replace(
          /<\/?ConfigTarget[^>]*>/g,
          '',
        )}</returnval></QueryConfigTargetResponse></soapenv:Body></soapenv:Envelope>`,
      'QueryConfigTarget',
    )
    expect(parseConfigTarget(child(node, 'returnval')!).usb).toEqual([])
  })

  it('a usb entry with missing or garbled fields is kept, never flagged a Coral, never a crash', () => {
    const node = parseResponse(
      `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><QueryConfigTargetResponse xmlns="urn:vim25"><returnval><usb><vendor>not-a-number</vendor></usb><usb><description>x</description><vendor>6766</vendor><summary/></usb></returnval></QueryConfigTargetResponse></soapenv:Body></soapenv:Envelope>`,
      'QueryConfigTarget',
    )
    const parsed = parseConfigTarget(child(node, 'returnval')!).usb.map(inventoryUsb)
    expect(parsed).toEqual([
      {
        description: 'USB device',
        vendorId: '0000',
        productId: '0000',
        physicalPath: null,
        inUseBy: null,
        coral: null,
      },
      {
        description: 'x',
        vendorId: '1a6e',
        productId: '0000',
        physicalPath: null,
        inUseBy: null,
        coral: null,
      },
    ])
  })
})
