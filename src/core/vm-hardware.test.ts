import { describe, expect, it } from 'vitest'
import {
  hardwareVersionFor,
  hexPciId,
  isPowerOfTwo,
  mmioSizeGB,
  signedShort,
} from './vm-hardware.js'
import { quoteShell, shellCommand } from './quote-shell.js'
import { quotePowerShell } from './quote-powershell.js'
import { hclKey, quoteHcl } from './quote-hcl.js'
import { base64Utf8, chooseGuestinfoEncoding, encodeGuestinfo } from './cloud-init.js'

describe('mmioSizeGB: max(32, nextPow2(2 × framebuffer))', () => {
  it.each([
    [0, 32],
    [8, 32],
    [16, 32],
    [24, 64],
    [48, 128],
    [80, 256],
    [96, 256],
  ])('%d GB → %d', (fb, size) => expect(mmioSizeGB(fb)).toBe(size))
  it('checks overrides are powers of two', () => {
    expect([32, 64, 512].every(isPowerOfTwo)).toBe(true)
    expect([0, 48, 96, 1.5].some(isPowerOfTwo)).toBe(false)
  })
})

describe('hardwareVersionFor', () => {
  it.each([
    ['6.7.0', 'vmx-14'],
    ['6.7.3', 'vmx-15'],
    ['7.0.0', 'vmx-17'],
    ['7.0.1', 'vmx-18'],
    ['7.0.3', 'vmx-19'],
    ['8.0.0', 'vmx-20'],
    ['8.0.1', 'vmx-20'],
    ['8.0.3', 'vmx-21'],
    ['9.0', 'vmx-22'],
    ['6.0.0', 'vmx-13'],
  ])('ESXi %s → %s', (v, hw) => expect(hardwareVersionFor(v).version).toBe(hw))
})

describe('PCI ids', () => {
  it('writes device ids as 4 hex digits, keeping leading zeros, from signed shorts too', () => {
    expect(hexPciId(0x2204)).toBe('2204')
    expect(hexPciId(0x0db5)).toBe('0db5')
    expect(hexPciId(-32634)).toBe('8086')
    expect(signedShort('10de')).toBe(4318)
    expect(signedShort('8086')).toBe(-32634)
  })
})

describe('quoting', () => {
  it('shell single quotes close and reopen around a quote', () => {
    expect(quoteShell(`it's $(x)`)).toBe(`'it'\\''s $(x)'`)
    expect(shellCommand(['docker', 'run', '-e', 'A=b c'])).toBe(`docker run -e 'A=b c'`)
  })
  it('PowerShell doubles single quotes, typographic ones too', () => {
    expect(quotePowerShell(`it's $env:X \u2019`)).toBe(`'it''s $env:X \u2019\u2019'`)
  })
  it('HCL escapes quotes, backslashes, newlines and template openers', () => {
    expect(quoteHcl('a "b" \\ ${x} %{y} $z\n')).toBe('"a \\"b\\" \\\\ $${x} %%{y} $z\\n"')
    expect(hclKey('pciPassthru.use64bitMMIO')).toBe('"pciPassthru.use64bitMMIO"')
    expect(hclKey('name')).toBe('name')
  })
})

describe('guestinfo encoding', () => {
  it('keeps small documents base64 and round-trips UTF-8', () => {
    expect(chooseGuestinfoEncoding('#cloud-config\n')).toBe('base64')
    expect(chooseGuestinfoEncoding('x'.repeat(20_000))).toBe('gzip+base64')
    expect(atob(base64Utf8('ü'))).toBe('\u00c3\u00bc')
  })
  it('falls back to base64 when no gzip is given', () => {
    expect(encodeGuestinfo('hi', 'gzip+base64', undefined)).toEqual({
      value: 'aGk=',
      encoding: 'base64',
    })
    expect(encodeGuestinfo('hi', 'gzip+base64', () => new Uint8Array([1, 2])).value).toBe('AQI=')
  })
})
