import { describe, expect, it } from 'vitest'
import { bestPerKind } from '../../core/best-per-kind.js'
import { rtx3090Box } from '../../core/test-hardware.js'
import { loadFitData } from '../../adapters/catalog/load-fit-data.js'
import { loadModelCatalog } from '../../adapters/catalog/load-model-catalog.js'
import { formatBestPerKind } from './best-per-kind-text.js'
import { createStyle } from './style.js'

describe('formatBestPerKind', () => {
  it('prints one line per pick with verdict, quant, context, speed and placement', async () => {
    const [catalog, data] = await Promise.all([loadModelCatalog(), loadFitData()])
    const text = formatBestPerKind(bestPerKind(catalog, rtx3090Box(), data), createStyle(false))
    const lines = text.split('\n')
    expect(lines[0]).toBe('What this lab runs best')
    expect(lines[1]).toMatch(/^ {2}Language models \(\d+ of \d+ in the catalog fit\)$/)
    for (const line of lines.slice(2, 5))
      expect(line).toMatch(
        /^ {4}Runs well +.+ \(.+B.*\): [A-Z0-9_]+, \d+K context, [\d.]+ tokens\/s, .+$/,
      )
    expect(lines[5]).toMatch(/^ {2}Image models \(\d+ of \d+ in the catalog fit/)
    expect(text).toMatch(
      /^ {2}Speech models \(6 of 6 in the catalog fit\)\n {4}Runs well +Whisper large-v3: \d+x real time, on the GPU$/m,
    )
    expect(text).toMatch(/^ {2}Embedding models \(/m)
    expect(lines[lines.length - 1]).toContain('homelab-ai models')
  })
})
