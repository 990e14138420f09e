import { HTTPException } from 'hono/http-exception'
import {
  HomelabError,
  InputFileError,
  StoreError,
  UnknownNameError,
  UsageError,
} from '../core/errors.js'
import { ProfileNameTakenError } from '../adapters/store/profile-store.js'
import {
  VsphereDuplicateNameError,
  VsphereResourceError,
} from '../adapters/vsphere/vsphere-errors.js'
import { NoVcenterError } from './vsphere-access.js'

/** Statuses the server's own guards answer with. */
export type RejectionStatus = 401 | 403 | 413 | 415

/** A request the server refuses before any route runs (auth, origin, host, size, type). */
export class RequestRejectedError extends HomelabError {
  override readonly code: string = 'REQUEST_REJECTED'
  constructor(
    readonly status: RejectionStatus,
    message: string,
  ) {
    super(message)
  }
}

/** What `app.onError` answers: a status and a one-line message that is safe to show. */
export interface ErrorAnswer {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 502 | 503
  readonly message: string
  /** True for failures that are ours (bugs): the server logs the stack, the page never sees it. */
  readonly unexpected: boolean
}

/**
 * Maps an error to its HTTP answer. Rules:
 * - guards' rejections keep their status (401, 403, 413, 415);
 * - a taken profile name is 409; an unknown lesson, model, snapshot or profile is 404;
 * - other usage and input errors are 400 (a bad parameter or body);
 * - a store that cannot be opened or written is 503 (the file is locked, read-only, damaged);
 * - no vCenter configured is 404; a VM name taken or no host with room is 409; any other vSphere
 *   error (login, certificate, connection, fault) is 502, with its message (never a password);
 * - any other error we named is 500 with its message; anything else is 500 "internal error".
 */
export function answerFor(error: unknown): ErrorAnswer {
  if (error instanceof RequestRejectedError)
    return { status: error.status, message: error.message, unexpected: false }
  if (error instanceof ProfileNameTakenError)
    return { status: 409, message: error.message, unexpected: false }
  if (error instanceof UnknownNameError)
    return { status: 404, message: error.message, unexpected: false }
  if (error instanceof UsageError || error instanceof InputFileError)
    return { status: 400, message: error.message, unexpected: false }
  if (error instanceof StoreError) return { status: 503, message: error.message, unexpected: false }
  if (error instanceof NoVcenterError)
    return { status: 404, message: error.message, unexpected: false }
  if (error instanceof VsphereDuplicateNameError || error instanceof VsphereResourceError)
    return { status: 409, message: error.message, unexpected: false }
  if (error instanceof HomelabError && error.code.startsWith('VSPHERE'))
    return { status: 502, message: error.message, unexpected: false }
  if (error instanceof HomelabError)
    return { status: 500, message: error.message, unexpected: false }
  // Hono's own guards (a body over the limit) throw HTTPException with a status of their own.
  if (error instanceof HTTPException && error.status === 413)
    return { status: 413, message: 'the request body is too large', unexpected: false }
  return { status: 500, message: 'internal error', unexpected: true }
}
