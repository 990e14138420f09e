import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { probeGpuTools } from '../../src/adapters/hardware/tools/probe-tools.js'
import type { RunCommand } from '../../src/adapters/system/run-command.js'
import { runCommand } from '../../src/adapters/system/run-command.js'

// Real processes through the real runner: a wedged driver makes nvidia-smi hang, and the probe
// must give up on time instead of freezing the CLI (systeminformation blocks here, see the notes).
describe.skipIf(process.platform === 'win32')(
  'probeGpuTools with a fake nvidia-smi on PATH',
  () => {
    const dirs: string[] = []
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    })

    /** A temp dir holding one executable `nvidia-smi` script, and a runner that sees only it. */
    function withFakeNvidiaSmi(script: string): RunCommand {
      const dir = mkdtempSync(join(tmpdir(), 'homelab-ai-fake-nvidia-smi-'))
      dirs.push(dir)
      const file = join(dir, 'nvidia-smi')
      writeFileSync(file, `#!/bin/sh\n${script}\n`)
      chmodSync(file, 0o755)
      return (command, args, options) =>
        runCommand(command, args, { ...options, env: { PATH: dir } })
    }

    it('gives up on a hanging nvidia-smi within the timeout and says why', async () => {
      // exec, so the SIGKILL on timeout reaches sleep itself; PATH holds only the temp dir.
      const run = withFakeNvidiaSmi('exec /bin/sleep 60')
      const started = performance.now()
      const report = await probeGpuTools({ run, timeoutMs: 500 })
      const elapsedMs = performance.now() - started
      expect(elapsedMs).toBeLessThan(2000)
      expect(report.gpus).toEqual([])
      expect(report.nvidiaSmi).toEqual({
        present: true,
        version: null,
        detail: 'did not answer within 0.5 s',
      })
      expect(report.rocmSmi.present).toBe(false)
      expect(report.notes).toEqual([
        {
          area: 'gpu',
          message: 'nvidia-smi did not answer within 0.5 s: the driver may be stuck',
          fix: 'Try `nvidia-smi` by hand, or reboot after a driver update.',
        },
      ])
    })

    it('turns garbage from nvidia-smi into a note, not a crash', async () => {
      const run = withFakeNvidiaSmi("echo 'Segmentation fault <<<'\necho '@@@ not xml'")
      const report = await probeGpuTools({ run, timeoutMs: 2000 })
      expect(report.gpus).toEqual([])
      expect(report.nvidiaSmi.present).toBe(true)
      expect(report.notes).toHaveLength(1)
      expect(report.notes[0]?.message).toContain('nvidia-smi output is not valid XML')
    })

    it('reports a failing nvidia-smi with its first error line', async () => {
      const run = withFakeNvidiaSmi(
        'echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver."\nexit 9',
      )
      const report = await probeGpuTools({ run, timeoutMs: 2000 })
      expect(report.notes[0]?.message).toBe(
        "nvidia-smi exited with code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
      )
    })
  },
)
