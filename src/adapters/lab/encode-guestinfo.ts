import { gzipSync } from 'node:zlib'
import type { Gzip } from '../../core/cloud-init.js'

/** gzip for `gzip+base64` guestinfo values; level 9 because the .vmx keeps the value forever. */
export const gzipBytes: Gzip = (bytes) => new Uint8Array(gzipSync(bytes, { level: 9 }))
