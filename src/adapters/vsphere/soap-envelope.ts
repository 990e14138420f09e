/**
 * vim25 SOAP on the wire, pure: build request envelopes with every value escaped, and parse
 * responses into a small namespace-resolved tree. Faults become typed errors.
 */
import { faultToError, VsphereProtocolError } from './vsphere-errors.js'

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
const XSD = 'http://www.w3.org/2001/XMLSchema'

/** A managed object reference: `<obj type="HostSystem">host-21</obj>`. */
export interface MoRef {
  readonly type: string
  readonly value: string
}

/** One parsed element: local names only, `xsi:type` resolved by namespace URI, not by prefix. */
export interface XmlNode {
  readonly name: string
  /** Local part of the element's `xsi:type` (whatever prefix the server bound), or null. */
  readonly xsiType: string | null
  /** Attributes other than namespace declarations and `xsi:*`, by local name. */
  readonly attrs: Readonly<Record<string, string>>
  /** The element's text with entities decoded (empty for elements that only hold elements). */
  readonly text: string
  readonly children: readonly XmlNode[]
}

const ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g

/** Escapes text for an XML element or a double-quoted attribute. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(ENTITY, (_match, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<'
      case 'gt':
        return '>'
      case 'amp':
        return '&'
      case 'quot':
        return '"'
      case 'apos':
        return "'"
      default: {
        const code =
          entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10)
        // An out-of-range reference cannot come from a sane server; keep the text readable.
        return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD'
      }
    }
  })
}

/** `<tag>escaped value</tag>`. */
export function el(tag: string, value: string | number | boolean): string {
  return `<${tag}>${xmlEscape(String(value))}</${tag}>`
}

/** `<tag xsi:type="Type">inner</tag>` for polymorphic values; `inner` must already be XML. */
export function typedEl(tag: string, xsiType: string, inner: string): string {
  return `<${tag} xsi:type="${xmlEscape(xsiType)}">${inner}</${tag}>`
}

/** `<tag type="HostSystem">host-21</tag>`. */
export function moRefXml(tag: string, ref: MoRef): string {
  return `<${tag} type="${xmlEscape(ref.type)}">${xmlEscape(ref.value)}</${tag}>`
}

/** The full request: `method` on `_this`, with `argsXml` (already escaped) as its arguments. */
export function buildRequest(method: string, self: MoRef, argsXml: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:xsd="${XSD}" xmlns:xsi="${XSI}">` +
    `<soapenv:Body><${method} xmlns="urn:vim25">${moRefXml('_this', self)}${argsXml}</${method}>` +
    '</soapenv:Body></soapenv:Envelope>'
  )
}

interface Frame {
  readonly qname: string
  readonly name: string
  readonly xsiType: string | null
  readonly attrs: Record<string, string>
  readonly scope: ReadonlyMap<string, string>
  readonly children: XmlNode[]
  text: string
}

const SLASH = 47
const WHITESPACE = /\s/
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/
// The whole attribute list: name="value" pairs only, quotes balanced, no '<' in values.
const ATTRS = /^(?:[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*')\s*)*$/

function quoteCount(xml: string, from: number, to: number): number {
  let count = 0
  for (let k = xml.indexOf('"', from); k !== -1 && k < to; k = xml.indexOf('"', k + 1)) count++
  return count
}
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g

function localName(qualified: string): string {
  const colon = qualified.indexOf(':')
  return colon === -1 ? qualified : qualified.slice(colon + 1)
}

function openFrame(
  qname: string,
  rawAttrs: string,
  parentScope: ReadonlyMap<string, string>,
): Frame {
  const pairs: [string, string][] = []
  let scope = parentScope
  if (rawAttrs !== '') {
    for (const m of rawAttrs.matchAll(ATTR)) {
      const name = m[1]!
      const value = decodeEntities(m[2] ?? m[3] ?? '')
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope)
        ;(scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value)
      } else {
        pairs.push([name, value])
      }
    }
  }
  let xsiType: string | null = null
  const attrs: Record<string, string> = {}
  for (const [name, value] of pairs) {
    const colon = name.indexOf(':')
    if (colon !== -1 && scope.get(name.slice(0, colon)) === XSI) {
      if (name.slice(colon + 1) === 'type') xsiType = localName(value)
      continue
    }
    attrs[localName(name)] = value
  }
  return { qname, name: localName(qname), xsiType, attrs, scope, children: [], text: '' }
}

function closeFrame(frame: Frame): XmlNode {
  const { name, xsiType, attrs, children } = frame
  const text = children.length > 0 && frame.text.trim() === '' ? '' : frame.text
  return { name, xsiType, attrs, text, children }
}

/**
 * Parses an XML document into its root element, checking well-formedness as it goes (matching
 * tags, nothing after the root, no truncation); anything else throws VsphereProtocolError.
 * DTDs are refused: SOAP forbids them and they are the door to entity-expansion attacks.
 * Hand-written rather than fast-xml-parser: a 100-host inventory is ~9 MB of XML, and a
 * single-pass tokenizer reads it several times faster (see docs/vsphere.md, "Benchmark").
 */
export function parseXml(xml: string, context: string): XmlNode {
  const fail = (why: string, at: number): never => {
    throw new VsphereProtocolError(
      `${context}: the server sent malformed XML (${why} at offset ${at})`,
    )
  }
  const stack: Frame[] = []
  let root: XmlNode | null = null
  let i = 0
  const addText = (raw: string, at: number) => {
    const top = stack[stack.length - 1]
    if (top == null) {
      if (raw.trim() !== '') fail('text outside the root element', at)
      return
    }
    top.text += decodeEntities(raw)
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    if (lt === -1) {
      addText(xml.slice(i), i)
      break
    }
    if (lt > i) addText(xml.slice(i, lt), i)
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt)
      if (end === -1) fail('unterminated processing instruction', lt)
      i = end + 2
      continue
    }
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt)
      if (end === -1) fail('unterminated comment', lt)
      i = end + 3
      continue
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt)
      const top = stack[stack.length - 1]
      if (end === -1 || top == null) fail('bad CDATA section', lt)
      top!.text += xml.slice(lt + 9, end)
      i = end + 3
      continue
    }
    if (xml.startsWith('<!', lt)) fail('DTDs are not allowed', lt)
    // Find the tag's end; a '>' inside a quoted attribute value does not end it.
    let gt = xml.indexOf('>', lt)
    while (gt !== -1 && quoteCount(xml, lt, gt) % 2 === 1) gt = xml.indexOf('>', gt + 1)
    if (gt === -1) fail('truncated tag', lt)
    i = gt + 1
    const closing = xml.charCodeAt(lt + 1) === SLASH
    const selfClose = !closing && xml.charCodeAt(gt - 1) === SLASH
    const inner = xml.slice(closing ? lt + 2 : lt + 1, selfClose ? gt - 1 : gt)
    const space = inner.search(WHITESPACE)
    const qname = space === -1 ? inner : inner.slice(0, space)
    const rawAttrs = space === -1 ? '' : inner.slice(space).trim()
    if (!NAME.test(qname)) fail('bad tag name', lt)
    if (closing) {
      const frame = stack.pop()
      if (frame == null || frame.qname !== qname || rawAttrs !== '')
        fail(`unexpected </${qname}>`, lt)
      const node = closeFrame(frame!)
      const parent = stack[stack.length - 1]
      if (parent == null) root = node
      else parent.children.push(node)
      continue
    }
    if (rawAttrs !== '' && !ATTRS.test(rawAttrs)) fail('bad attributes', lt)
    if (root != null && stack.length === 0) fail('a second root element', lt)
    const frame = openFrame(qname, rawAttrs, stack[stack.length - 1]?.scope ?? EMPTY_SCOPE)
    if (selfClose) {
      const node = closeFrame(frame)
      const parent = stack[stack.length - 1]
      if (parent == null) root = node
      else parent.children.push(node)
    } else {
      stack.push(frame)
    }
  }
  if (stack.length > 0) fail(`truncated inside <${stack[stack.length - 1]!.qname}>`, xml.length)
  if (root == null) return fail('no root element', 0)
  return root
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map()

/**
 * Parses a SOAP response and returns the method's response element (`XxxResponse`).
 * A SOAP fault throws the matching typed error; anything else unexpected throws VsphereProtocolError.
 */
export function parseResponse(xml: string, method: string): XmlNode {
  const envelope = parseXml(xml, method)
  const body = envelope.name === 'Envelope' ? child(envelope, 'Body') : null
  if (body == null) throw new VsphereProtocolError(`${method}: the reply is not a SOAP envelope`)
  const first = body.children[0]
  if (first == null) throw new VsphereProtocolError(`${method}: the SOAP body is empty`)
  if (first.name === 'Fault') throw faultFromNode(first, method)
  if (first.name !== `${method}Response`) {
    throw new VsphereProtocolError(`${method}: unexpected reply element <${first.name}>`)
  }
  return first
}

function faultFromNode(fault: XmlNode, method: string): Error {
  const message = text(fault, 'faultstring') ?? ''
  const detail = child(fault, 'detail')?.children[0]
  const faultType = detail?.xsiType ?? detail?.name.replace(/Fault$/, '') ?? 'SystemError'
  return faultToError(faultType, message, method)
}

/** The type name and message of a `LocalizedMethodFault` (task errors, missingSet entries). */
export function methodFault(node: XmlNode): {
  readonly faultType: string
  readonly message: string
} {
  const inner = child(node, 'fault')
  const faultType = inner?.xsiType ?? 'SystemError'
  const message = text(node, 'localizedMessage') ?? ''
  return { faultType, message }
}

/** First child element with that local name. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name)
}

/** All child elements with that local name. */
export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name)
}

/** Text of the first child with that name, or null when it is absent. */
export function text(node: XmlNode, name: string): string | null {
  const found = child(node, name)
  return found == null ? null : found.text
}

/** Integer of the first child with that name; null when absent or not a number. */
export function int(node: XmlNode, name: string): number | null {
  const value = text(node, name)
  if (value == null || value.trim() === '') return null
  const parsed = Number(value)
  return Number.isFinite(parsed) ? parsed : null
}

/** `true`/`false` (also `1`/`0`) of the first child with that name; null when absent. */
export function bool(node: XmlNode, name: string): boolean | null {
  const value = text(node, name)?.trim()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  return null
}

/** Reads a managed object reference element. */
export function moRef(node: XmlNode): MoRef {
  const type = node.attrs.type
  if (type == null || node.text === '') {
    throw new VsphereProtocolError(`<${node.name}> is not a managed object reference`)
  }
  return { type, value: node.text }
}

/** `-32634` (xsd:short) → `8086`: vSphere sends PCI and USB ids as signed numbers. */
export function shortToHex(value: number): string {
  return (value & 0xffff).toString(16).padStart(4, '0')
}
