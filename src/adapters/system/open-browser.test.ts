import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { openBrowser, openerFor, type Spawner } from './open-browser.js'

describe('openerFor', () => {
  it.each([
    ['linux', 'xdg-open', ['http://127.0.0.1:1/']],
    ['darwin', 'open', ['http://127.0.0.1:1/']],
    ['win32', 'cmd', ['/c', 'start', '""', 'http://127.0.0.1:1/']],
  ])('on %s runs %s', (platform, file, args) => {
    expect(openerFor(platform, 'http://127.0.0.1:1/')).toEqual({ file, args })
  })
})

describe('openBrowser', () => {
  it('starts the opener detached and resolves null', async () => {
    const calls: unknown[] = []
    const spawner: Spawner = (file, args) => {
      calls.push([file, args])
      return Object.assign(new EventEmitter(), { unref: () => calls.push('unref') })
    }
    expect(await openBrowser('http://x/', { platform: 'linux', spawner })).toBeNull()
    expect(calls).toEqual([['xdg-open', ['http://x/']], 'unref'])
  })

  it('turns a missing opener into a note instead of an error', async () => {
    const spawner: Spawner = () => {
      const child = Object.assign(new EventEmitter(), { unref: () => undefined })
      setImmediate(() => child.emit('error', new Error('spawn xdg-open ENOENT')))
      return child
    }
    expect(await openBrowser('http://x/', { platform: 'linux', spawner })).toBe(
      'could not open a browser (xdg-open: spawn xdg-open ENOENT); open http://x/ yourself',
    )
  })
})
