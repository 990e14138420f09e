import { describe, expect, it } from 'vitest'
import { defaultDataDir, defaultDbPath } from './data-dir.js'

describe('defaultDataDir', () => {
  it.each([
    ['linux', {}, '/home/ada', '/home/ada/.local/share/homelab-ai'],
    ['linux', { XDG_DATA_HOME: '/data/ada' }, '/home/ada', '/data/ada/homelab-ai'],
    // The XDG spec says a relative XDG_DATA_HOME must be ignored.
    [
      'linux',
      { XDG_DATA_HOME: 'relative/share' },
      '/home/ada',
      '/home/ada/.local/share/homelab-ai',
    ],
    ['linux', { XDG_DATA_HOME: '' }, '/home/ada', '/home/ada/.local/share/homelab-ai'],
    [
      'freebsd',
      { XDG_DATA_HOME: '/usr/home/ada/.xdg' },
      '/usr/home/ada',
      '/usr/home/ada/.xdg/homelab-ai',
    ],
    [
      'darwin',
      { XDG_DATA_HOME: '/ignored' },
      '/Users/ada',
      '/Users/ada/Library/Application Support/homelab-ai',
    ],
    [
      'win32',
      { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' },
      'C:\\Users\\ada',
      'C:\\Users\\ada\\AppData\\Local\\homelab-ai',
    ],
    ['win32', {}, 'C:\\Users\\ada', 'C:\\Users\\ada\\AppData\\Local\\homelab-ai'],
    [
      'linux',
      { HOMELAB_AI_DATA_DIR: '/srv/homelab-ai', XDG_DATA_HOME: '/data' },
      '/home/ada',
      '/srv/homelab-ai',
    ],
    ['darwin', { HOMELAB_AI_DATA_DIR: '/Volumes/lab/hai/' }, '/Users/ada', '/Volumes/lab/hai/'],
    [
      'win32',
      { HOMELAB_AI_DATA_DIR: 'D:\\lab', LOCALAPPDATA: 'C:\\x' },
      'C:\\Users\\ada',
      'D:\\lab',
    ],
    ['linux', { HOMELAB_AI_DATA_DIR: 'lab-data' }, '/home/ada', 'lab-data'],
  ])('%s %j home %s → %s', (platform, env, homedir, expected) => {
    expect(defaultDataDir({ platform, env, homedir })).toBe(expected)
  })
})

describe('defaultDbPath', () => {
  it('puts homelab-ai.db in the data folder with the platform separator', () => {
    expect(defaultDbPath({ platform: 'linux', env: {}, homedir: '/home/ada' })).toBe(
      '/home/ada/.local/share/homelab-ai/homelab-ai.db',
    )
    expect(defaultDbPath({ platform: 'win32', env: {}, homedir: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Local\\homelab-ai\\homelab-ai.db',
    )
  })
})
