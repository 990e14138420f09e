import { Hono } from 'hono'
import type { GpusResponse } from '../api-types.js'
import type { RouteContext } from './route-context.js'

/** GET /gpus: the GPU catalog's names, for the what-if editor. */
export function gpuRoutes({ deps }: RouteContext): Hono {
  return new Hono().get('/gpus', async (c) => {
    const catalog = await deps.loadGpuCatalog()
    const body: GpusResponse = {
      gpus: catalog.gpus.map((g) => ({
        id: g.id,
        name: g.name,
        vendor: g.vendor,
        vramGiB: g.vramGiB,
        memoryKind: g.memoryKind,
      })),
    }
    return c.json(body)
  })
}
