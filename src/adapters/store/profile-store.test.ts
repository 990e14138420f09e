import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../core/errors.js'
import { openHistoryStore } from './history-store.js'
import { ProfileNameTakenError, openProfileStore } from './profile-store.js'

let tick = 0
const now = () => new Date(Date.UTC(2026, 10, 30, 10, 0, tick++))
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('openProfileStore', () => {
  it('saves, lists newest first, and deletes profiles in memory', () => {
    const store = openProfileStore(':memory:', { now })
    const a = store.saveProfile('two 3090s', { gpu: '2x RTX 3090', ram: '128' })
    const b = store.saveProfile('more ram', { ram: '256' })
    expect(a).toMatchObject({
      id: 1,
      name: 'two 3090s',
      overrides: { gpu: '2x RTX 3090', ram: '128' },
    })
    expect(store.listProfiles().map((p) => p.name)).toEqual(['more ram', 'two 3090s'])
    expect(store.deleteProfile(b.id)).toBe(true)
    expect(store.deleteProfile(b.id)).toBe(false)
    expect(store.listProfiles()).toEqual([a])
    store.close()
  })

  it('refuses a name that is taken with a one-line error', () => {
    const store = openProfileStore(':memory:', { now })
    store.saveProfile('lab', { vram: '24' })
    expect(() => store.saveProfile('lab', { vram: '48' })).toThrow(ProfileNameTakenError)
    expect(() => store.saveProfile('lab', { vram: '48' })).toThrow(
      'a profile named "lab" already exists; pick another name or delete it first',
    )
    store.close()
  })

  it('shares the file with the history store, which migrated it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-profiles-'))
    dirs.push(dir)
    const file = path.join(dir, 'h.db')
    const history = openHistoryStore(file, { now })
    const profiles = openProfileStore(file, { now })
    profiles.saveProfile('kept', { cores: '16' })
    profiles.close()
    history.close()
    const again = openProfileStore(file, { now })
    expect(again.listProfiles().map((p) => p.overrides)).toEqual([{ cores: '16' }])
    again.close()
  })

  it('reports a damaged row as a StoreError', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-profiles-'))
    dirs.push(dir)
    const file = path.join(dir, 'h.db')
    openHistoryStore(file, { now }).close()
    const raw = new Database(file)
    raw.prepare("INSERT INTO profiles VALUES (1, 'x', '2026-01-01T00:00:00.000Z', '[1]')").run()
    raw.close()
    const store = openProfileStore(file, { now })
    expect(() => store.listProfiles()).toThrow(StoreError)
    expect(() => store.listProfiles()).toThrow(`profile #1 in ${file} is damaged (bad overrides)`)
    store.close()
  })

  it('says so when the file does not exist', () => {
    expect(() => openProfileStore('/nonexistent-dir/x.db')).toThrow(StoreError)
  })
})
