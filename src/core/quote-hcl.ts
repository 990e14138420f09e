/**
 * HCL (Terraform) quoting. Quoted strings take JSON-like escapes, and `${` / `%{` start a template
 * interpolation or directive even inside quotes, so they are written `$${` / `%%{` to stay literal.
 */

/** A quoted HCL string literal that evaluates to exactly `value`. */
export function quoteHcl(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? ''
    const next = value[i + 1]
    if ((ch === '$' || ch === '%') && next === '{') out += ch + ch
    else if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
      out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `"${out}"`
}

/** A key in an HCL object: bare when it is an identifier-like word, otherwise quoted. */
export function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : quoteHcl(key)
}
