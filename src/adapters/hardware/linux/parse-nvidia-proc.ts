/** The driver version from /proc/driver/nvidia/version (proprietary or open kernel module). */
export function parseNvidiaVersion(text: string): string | null {
  // `NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 ...` or
  // `NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build ...`
  const line = text.split('\n').find((l) => l.startsWith('NVRM version:'))
  return /Kernel Module\b.*?\s(\d+\.\d+(?:\.\d+)*)\s/.exec(`${line ?? ''} `)?.[1] ?? null
}

/** The `Model:` line of /proc/driver/nvidia/gpus/<bus id>/information, or null. */
export function parseNvidiaModel(text: string): string | null {
  const model = /^Model:[ \t]*(.*)$/m.exec(text)?.[1]?.trim()
  return model != null && model !== '' ? model : null
}
