import { describe, expect, it } from 'vitest'
import { parseOsRelease } from './os.js'

describe('parseOsRelease', () => {
  it.each([
    [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n',
      'Debian GNU/Linux 12 (bookworm)',
    ],
    ["PRETTY_NAME='Fedora Linux 40 (Server Edition)'\n", 'Fedora Linux 40 (Server Edition)'],
    ['NAME=Alpine\nVERSION=3.20\n', 'Alpine 3.20'],
    ['NAME="Quote \\"Linux\\""\n', 'Quote "Linux"'],
    ['garbage', null],
  ])('%j → %s', (text, name) => {
    expect(parseOsRelease(text)).toBe(name)
  })
})
