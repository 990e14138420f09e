import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    tags: [{ name: 'gpu', description: 'needs a real GPU; left out of the default run' }],
  },
})
