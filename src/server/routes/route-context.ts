import type { HardwareSource } from '../hardware-source.js'
import type { ServerDeps } from '../server-deps.js'

/** What every route module gets: the deps and the shared hardware source. */
export interface RouteContext {
  readonly deps: ServerDeps
  readonly hardware: HardwareSource
}
