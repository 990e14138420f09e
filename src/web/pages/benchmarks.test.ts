// @vitest-environment jsdom
import { createElement } from 'react'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BenchReferenceResponse, BenchRunsResponse } from '../../server/api-types.js'
import { BenchmarksPage } from './benchmarks.js'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const reference: BenchReferenceResponse = {
  hostname: 'mini',
  gpus: [],
  rows: [
    {
      id: 'ram-read',
      label: 'RAM read, all threads',
      unit: 'GB/s',
      measured: null,
      measuredRunId: null,
      referenceKind: 'peak',
      reference: 51.2,
      source: 'Datasheet peak; DDR4-3200, 2 channels',
    },
  ],
}

describe('BenchmarksPage', () => {
  it('with no saved run, says how to make one and shows no made-up figures', async () => {
    const runs: BenchRunsResponse = { runs: [], metrics: [] }
    vi.stubGlobal('fetch', (url: string) =>
      Promise.resolve(
        new Response(JSON.stringify(url === '/api/bench/runs' ? runs : reference), {
          status: 200,
        }),
      ),
    )
    render(createElement(BenchmarksPage))
    expect(await screen.findByText('No benchmark runs yet')).toBeTruthy()
    expect(screen.getByText('homelab-ai bench all --quick')).toBeTruthy()
    expect(await screen.findByText(/not measured yet · peak 51\.2 GB\/s/)).toBeTruthy()
    expect(document.querySelector('figure.chart, [role="img"]')).toBeNull()
  })
})
