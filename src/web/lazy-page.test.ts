// @vitest-environment jsdom
import { Suspense, createElement } from 'react'
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { lazyPage } from './lazy-page.js'

afterEach(cleanup)

function Hello({ name }: { name: string }) {
  return createElement('p', null, `Hello ${name}`)
}

describe('lazyPage', () => {
  it('renders at once, without the fallback, when the chunk was preloaded', async () => {
    let loads = 0
    const page = lazyPage(() => {
      loads++
      return Promise.resolve(Hello)
    })
    await page.preload()
    const seen: string[] = []
    function Fallback() {
      seen.push('fallback')
      return createElement('p', null, 'Loading')
    }
    const { container } = render(
      createElement(
        Suspense,
        { fallback: createElement(Fallback) },
        createElement(page.Page, { name: 'lab' }),
      ),
    )
    expect(container.textContent).toBe('Hello lab')
    expect(seen).toEqual([])
    await page.preload()
    expect(loads).toBe(1)
  })

  it('shows the fallback while the chunk is on its way, then the page', async () => {
    let arrive: (c: typeof Hello) => void = () => undefined
    const page = lazyPage(() => new Promise<typeof Hello>((resolve) => (arrive = resolve)))
    let container: HTMLElement | null = null
    await act(async () => {
      container = render(
        createElement(
          Suspense,
          { fallback: createElement('p', null, 'Loading') },
          createElement(page.Page, { name: 'later' }),
        ),
      ).container
      await Promise.resolve()
    })
    expect(container!.textContent).toBe('Loading')
    await act(async () => {
      arrive(Hello)
      await page.preload()
    })
    // React may hold the reveal back a little after a fallback (its Suspense throttle).
    await vi.waitFor(() => expect(container!.textContent).toBe('Hello later'))
  })
})
