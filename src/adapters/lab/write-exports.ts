/**
 * Writes a lab plan's files into `--out DIR`: user-data, meta-data, govc.sh, powercli.ps1,
 * main.tf, variables.tf, playbook.yml, README.md and plan.json (for `homelab-ai lab apply`). The renderers are pure (src/core/lab-export-*);
 * this adapter only writes.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputFileError } from '../../core/errors.js'
import type { LabPlan } from '../../core/lab-plan-types.js'
import { renderAnsible } from '../../core/lab-export-ansible.js'
import { renderGovc } from '../../core/lab-export-govc.js'
import { renderPowerCli } from '../../core/lab-export-powercli.js'
import { renderReadme } from '../../core/lab-export-readme.js'
import { renderTerraform } from '../../core/lab-export-terraform.js'

/** File name → content, in the order they are written. */
export function renderExports(plan: LabPlan): Record<string, string> {
  const tf = renderTerraform(plan)
  return {
    'user-data': plan.guest.userData,
    'meta-data': plan.guest.metaData,
    'govc.sh': renderGovc(plan),
    'powercli.ps1': renderPowerCli(plan),
    'main.tf': tf.mainTf,
    'variables.tf': tf.variablesTf,
    'playbook.yml': renderAnsible(plan),
    'README.md': renderReadme(plan),
    // `homelab-ai lab apply DIR` reads the plan back from here.
    'plan.json': `${JSON.stringify(plan, null, 2)}\n`,
  }
}

/** Writes every export into `dir` (created if missing) and returns the paths written. */
export async function writeExports(plan: LabPlan, dir: string): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true })
    const written: string[] = []
    for (const [name, content] of Object.entries(renderExports(plan))) {
      const path = join(dir, name)
      await writeFile(path, content, 'utf8')
      if (name === 'govc.sh') await chmod(path, 0o755)
      written.push(path)
    }
    return written
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new InputFileError(`cannot write the lab files to ${dir} (${code})`, { cause: error })
  }
}
