import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { loadStackCatalog } from '../lab/load-stack-catalog.js'
import { loadSpeedEfficiency } from './load-speed-efficiency.js'
import { cachePerKey, readJsonCatalog } from './read-json-catalog.js'

const dir = mkdtempSync(join(tmpdir(), 'read-json-catalog-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readJsonCatalog', () => {
  it('parses a JSON file', async () => {
    const file = join(dir, 'ok.json')
    writeFileSync(file, '{"schemaVersion": 1}')
    expect(await readJsonCatalog(file, 'the test catalog')).toEqual({ schemaVersion: 1 })
  })

  it.each([
    ['stack catalog', loadStackCatalog],
    ['speed-efficiency table', loadSpeedEfficiency],
  ])('names a missing %s in one line', async (what, load) => {
    const file = join(dir, 'missing.json')
    await expect(load(file)).rejects.toThrow(
      new InputFileError(`cannot read the ${what} ${file} (ENOENT)`),
    )
  })

  it.each([
    ['stack catalog', loadStackCatalog],
    ['speed-efficiency table', loadSpeedEfficiency],
  ])('names a %s that is not JSON', async (_what, load) => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{ "gpus": [')
    const error = await load(file).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InputFileError)
    expect((error as Error).message).toMatch(
      new RegExp(`^${escape(file)}: not valid JSON \\(.+\\)$`),
    )
  })
})

describe('cachePerKey', () => {
  it('loads each key once and forgets a failure', async () => {
    const calls: string[] = []
    let fail = true
    const load = cachePerKey((key) => {
      calls.push(key)
      return fail ? Promise.reject(new Error(`no ${key}`)) : Promise.resolve({ key })
    })
    await expect(load('a')).rejects.toThrow('no a')
    fail = false
    const first = await load('a')
    expect(await load('a')).toBe(first)
    expect(calls).toEqual(['a', 'a'])
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
