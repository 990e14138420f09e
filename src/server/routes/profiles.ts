import { Hono } from 'hono'
import { UnknownNameError } from '../../core/errors.js'
import type { ProfilesResponse } from '../api-types.js'
import { validateProfileBody } from '../body-validation.js'
import { readJsonBody } from '../request-input.js'
import type { RouteContext } from './route-context.js'

/** Saved what-if profiles: list, save, delete. */
export function profileRoutes({ deps }: RouteContext): Hono {
  const { profiles } = deps
  return new Hono()
    .get('/profiles', (c) => {
      const body: ProfilesResponse = { profiles: profiles.listProfiles() }
      return c.json(body)
    })
    .post('/profiles', async (c) => {
      const json = await readJsonBody(c)
      const { name, overrides } = validateProfileBody(json, await deps.loadGpuCatalog())
      return c.json(profiles.saveProfile(name, overrides), 201)
    })
    .delete('/profiles/:id', (c) => {
      const raw = c.req.param('id')
      const id = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN
      if (!profiles.deleteProfile(id)) throw new UnknownNameError('profile', raw.slice(0, 40), [])
      return c.json({ deleted: id })
    })
}
