import type { HandsOn } from './curriculum.js'
import { handsOnFitSentence, type HandsOnFit } from './hands-on-fit.js'
import { totalVramGiB, type HardwareProfile } from './hardware.js'

/** Whether the reader's lab meets a hands-on step's need, and what happens if it does not. */
export interface HandsOnVerdict {
  readonly ok: boolean
  readonly message: string
  /** For a step that runs a model: how it runs on the reader's lab (the fit engine's answer). */
  readonly fit?: HandsOnFit
}

/** Cards report a little under their nominal size (an 8 GB card shows 8188 MiB), so compare with slack. */
const EIGHT_GB_GIB = 7.5

/**
 * Checks a hands-on step against the latest probe. A step that is not met still runs:
 * the message says honestly what the reader will see instead, never that it is impossible.
 * With `fit` (the step runs a model: see handsOnFit), the message says where the model runs and
 * about how fast; `ok` then also needs the model to fit.
 */
export function handsOnPrerequisite(
  handsOn: Pick<HandsOn, 'needs'> & { readonly model?: string | null },
  hw: HardwareProfile | null,
  fit: HandsOnFit | null = null,
): HandsOnVerdict {
  const base = needsVerdict(handsOn, hw)
  if (hw == null || fit == null) return base
  const sentence = handsOnFitSentence(fit, hw)
  const ok = base.ok && fit.fits
  // gpu and vram-8 are about the model's memory, which the fit sentence answers more exactly;
  // coral and vsphere are about something else, so their sentence stays in front.
  switch (handsOn.needs) {
    case 'none':
    case 'gpu':
    case 'vram-8':
      return { ok, message: sentence, fit }
    case 'coral':
    case 'vsphere':
      return { ok, message: `${base.message} ${sentence}`, fit }
  }
}

function needsVerdict(
  handsOn: Pick<HandsOn, 'needs'> & { readonly model?: string | null },
  hw: HardwareProfile | null,
): HandsOnVerdict {
  const needs = handsOn.needs
  if (needs === 'none')
    return {
      ok: true,
      message:
        hw == null && handsOn.model != null
          ? `Runs on any lab; run \`homelab-ai probe\` first, and this note says how fast ${handsOn.model} runs on yours.`
          : 'Runs on any lab.',
    }
  if (hw == null)
    return {
      ok: false,
      message: `Not checked yet: this step needs ${describeNeed(needs)}; run \`homelab-ai probe\` first to see whether your lab has it.`,
    }
  switch (needs) {
    case 'gpu': {
      if (hw.gpus.length > 0)
        return { ok: true, message: `Your lab has a GPU (${hw.gpus[0]?.name ?? 'unnamed'}).` }
      return {
        ok: false,
        message:
          'Your lab has no GPU: this step runs CPU-only, more slowly, and the numbers will show it.',
      }
    }
    case 'vram-8': {
      const vram = totalVramGiB(hw)
      if (vram >= EIGHT_GB_GIB)
        return { ok: true, message: `Your lab has ${vram.toFixed(1)} GiB of VRAM (8 GB wanted).` }
      if (hw.gpus.length === 0)
        return {
          ok: false,
          message:
            'Your lab has no GPU: this step wants 8 GB of VRAM, so it runs CPU-only, more slowly.',
        }
      return {
        ok: false,
        message: `Your lab has ${vram === 0 ? 'an unknown amount of' : `${vram.toFixed(1)} GiB of`} VRAM, below the 8 GB this step wants: expect smaller models, or layers that spill to the CPU and run more slowly.`,
      }
    }
    case 'coral': {
      const coral = hw.accelerators.find((a) => a.kind === 'coral-usb' || a.kind === 'coral-pcie')
      if (coral != null) return { ok: true, message: `Your lab has a Coral TPU (${coral.name}).` }
      return {
        ok: false,
        message:
          'No Coral TPU found: the step still runs, but TensorFlow Lite falls back to the CPU.',
      }
    }
    case 'vsphere': {
      if (hw.virtualization.isVmwareGuest)
        return { ok: true, message: 'This machine is a VMware VM, as this step expects.' }
      const here =
        hw.virtualization.role === 'bare-metal'
          ? 'bare metal'
          : hw.virtualization.role === 'vm'
            ? `a ${hw.virtualization.kind} VM`
            : hw.virtualization.role === 'container'
              ? 'a container'
              : 'a machine of unknown kind'
      return {
        ok: false,
        message: `This step is meant for a VM on ESXi; this machine is ${here}, so the vSphere parts (VMware Tools, DirectPath I/O, reservations) will not show up here.`,
      }
    }
  }
}

function describeNeed(needs: Exclude<HandsOn['needs'], 'none'>): string {
  switch (needs) {
    case 'gpu':
      return 'a GPU'
    case 'vram-8':
      return '8 GB of VRAM'
    case 'coral':
      return 'a Coral TPU'
    case 'vsphere':
      return 'a VM on ESXi'
  }
}
