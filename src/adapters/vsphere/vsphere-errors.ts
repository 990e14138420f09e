/**
 * Errors from talking to ESXi or vCenter. Each has a stable `code` and a one-line message that
 * says what to do; none of them ever carries the password.
 */
import { HomelabError } from '../../core/errors.js'

/** Wrong user name or password (vim25 `InvalidLogin`). */
export class VsphereAuthError extends HomelabError {
  override readonly code: string = 'VSPHERE_AUTH'
}

/** The account is logged in but lacks a privilege (vim25 `NoPermission`). */
export class VspherePermissionError extends HomelabError {
  override readonly code: string = 'VSPHERE_PERMISSION'
}

/** An object with that name already exists (vim25 `DuplicateName`), or our own duplicate check. */
export class VsphereDuplicateNameError extends HomelabError {
  override readonly code: string = 'VSPHERE_DUPLICATE_NAME'
}

/** The host or cluster has not enough CPU, memory, disk or devices (vim25 `InsufficientResourcesFault` family). */
export class VsphereResourceError extends HomelabError {
  override readonly code: string = 'VSPHERE_RESOURCES'
}

/** The template to clone is missing or unusable, or the server cannot clone (standalone ESXi). */
export class VsphereTemplateError extends VsphereResourceError {
  override readonly code: string = 'VSPHERE_TEMPLATE'
}

/** The connection failed or dropped mid-call: the outcome of that call is unknown. */
export class VsphereConnectionError extends HomelabError {
  override readonly code: string = 'VSPHERE_CONNECTION'
}

/** The server answered with something that is not the vim25 SOAP we expect. */
export class VsphereProtocolError extends HomelabError {
  override readonly code: string = 'VSPHERE_PROTOCOL'
}

/** The server's certificate is not trusted, or does not match the pinned thumbprint. */
export class VsphereTlsError extends HomelabError {
  override readonly code: string = 'VSPHERE_TLS'
  constructor(
    message: string,
    /** SHA-256 of the certificate the server presented, `AA:BB:...`, when one was seen. */
    readonly presentedThumbprint: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Any other vim25 fault, with its type name (`InvalidPowerState`, `NotSupported`, ...). */
export class VsphereFaultError extends HomelabError {
  override readonly code: string = 'VSPHERE_FAULT'
  constructor(
    readonly faultType: string,
    message: string,
  ) {
    super(message)
  }
}

/** The session expired or was never opened (vim25 `NotAuthenticated`); the client logs in again once. */
export class VsphereNotAuthenticatedError extends VsphereFaultError {
  override readonly code: string = 'VSPHERE_NOT_AUTHENTICATED'
}

const RESOURCE_FAULTS = new Set([
  'InsufficientResourcesFault',
  'InsufficientMemoryResourcesFault',
  'InsufficientCpuResourcesFault',
  'InsufficientHostCapacityFault',
  'InsufficientHostCpuCapacityFault',
  'InsufficientHostMemoryCapacityFault',
  'InsufficientStorageSpace',
  'InsufficientDisks',
  'NoDiskSpace',
  'OutOfBounds',
  'NotEnoughLicenses',
  'InsufficientFailoverResourcesFault',
  'PassthroughDeviceUnavailable',
])

/** Maps a vim25 fault type name and its message to the typed error the CLI shows. */
export function faultToError(faultType: string, message: string, context: string): HomelabError {
  const text = `${context}: ${message || faultType}`
  if (faultType === 'InvalidLogin') {
    return new VsphereAuthError(`${context}: wrong user name or password`)
  }
  if (faultType === 'NotAuthenticated') return new VsphereNotAuthenticatedError(faultType, text)
  if (faultType === 'NoPermission') {
    return new VspherePermissionError(`${text} (the account lacks a privilege for this)`)
  }
  if (faultType === 'DuplicateName') return new VsphereDuplicateNameError(text)
  if (RESOURCE_FAULTS.has(faultType))
    return new VsphereResourceError(`${text} (not enough resources)`)
  return new VsphereFaultError(faultType, `${text} (${faultType})`)
}

/** A failed step whose undo failed too: the message names what is left to delete by hand. */
export function rollbackError(err: unknown, cleanupError: unknown, left: string): HomelabError {
  const first = err instanceof Error ? err.message : String(err)
  const why = cleanupError instanceof Error ? cleanupError.message : String(cleanupError)
  const message = `${first}; removing ${left} also failed (${why}): delete it in vSphere`
  if (err instanceof VsphereConnectionError || cleanupError instanceof VsphereConnectionError)
    return new VsphereConnectionError(message, { cause: err })
  return new VsphereResourceError(message, { cause: err })
}
