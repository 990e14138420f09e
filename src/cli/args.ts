/** Flag definitions shared by commands; no imports, so `--help` loads nothing else. */

/** The what-if flags every command that reasons about hardware accepts. */
export const whatIfArgs = {
  gpu: {
    type: 'string',
    description: 'Pretend these GPUs, e.g. "2x RTX 3090" or "RTX 4090, Tesla P40"',
    valueHint: 'GPUS',
  },
  vram: {
    type: 'string',
    description: 'Pretend each GPU has this much VRAM (GiB)',
    valueHint: 'GiB',
  },
  ram: { type: 'string', description: 'Pretend this much system RAM (GiB)', valueHint: 'GiB' },
  cores: { type: 'string', description: 'Pretend this many CPU cores', valueHint: 'N' },
  profile: {
    type: 'string',
    description: 'Use a saved `homelab-ai probe --json` file instead of probing this machine',
    valueHint: 'FILE',
  },
} as const

/** Output format flags. */
export const outputArgs = {
  json: { type: 'boolean', description: 'Print one JSON document (schema in the README)' },
  markdown: { type: 'boolean', description: 'Print a shareable Markdown report' },
} as const

/** Where the local store lives. */
export const dbArg = {
  db: {
    type: 'string',
    description: 'SQLite file for history (default: the data folder; ":memory:" keeps nothing)',
    valueHint: 'PATH',
  },
} as const

/** Probe flags for reading another root and tuning tool timeouts. */
export const probeArgs = {
  timeout: {
    type: 'string',
    description: 'Timeout for each external tool such as nvidia-smi, in ms (default 5000)',
    valueHint: 'MS',
  },
  root: {
    type: 'string',
    description: 'Read /proc and /sys under this folder (a copied tree or test fixture)',
    valueHint: 'DIR',
  },
} as const

/** The main job's flags; the root command declares them too, so values such as "2x RTX 3090" are not taken for a sub-command name. */
export const reportArgs = {
  ...outputArgs,
  ...whatIfArgs,
  ...dbArg,
  ...probeArgs,
  save: {
    type: 'boolean',
    default: true,
    description: 'Save the snapshot to the history (--no-save to skip)',
  },
} as const
