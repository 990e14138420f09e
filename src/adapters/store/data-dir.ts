import path from 'node:path'

/** The folder name under the platform's data folder. */
const APP_DIR = 'homelab-ai'
/** The store's file name inside the data folder. */
export const DB_FILE_NAME = 'homelab-ai.db'

/** What the data folder depends on; the caller passes `process.platform`, `process.env`, `os.homedir()`. */
export interface DataDirInputs {
  readonly platform: string
  readonly env: Readonly<Record<string, string | undefined>>
  readonly homedir: string
}

/**
 * Where homelab-ai keeps its files, by platform convention:
 * - `HOMELAB_AI_DATA_DIR` wins everywhere;
 * - Windows: `%LOCALAPPDATA%\homelab-ai`, else `~\AppData\Local\homelab-ai`;
 * - macOS: `~/Library/Application Support/homelab-ai`;
 * - Linux, BSD and the rest: `$XDG_DATA_HOME/homelab-ai`, else `~/.local/share/homelab-ai`.
 */
export function defaultDataDir({ platform, env, homedir }: DataDirInputs): string {
  const p = pathFor(platform)
  const override = nonEmpty(env.HOMELAB_AI_DATA_DIR)
  // A relative override stays relative: it then means "from the current folder", as users expect.
  if (override != null) return p.normalize(override)
  if (platform === 'win32') {
    const local = nonEmpty(env.LOCALAPPDATA)
    return local != null ? p.join(local, APP_DIR) : p.join(homedir, 'AppData', 'Local', APP_DIR)
  }
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', APP_DIR)
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_DATA_HOME)
  if (xdg != null && p.isAbsolute(xdg)) return p.join(xdg, APP_DIR)
  return p.join(homedir, '.local', 'share', APP_DIR)
}

/** The default store file: `<data folder>/homelab-ai.db`. */
export function defaultDbPath(inputs: DataDirInputs): string {
  return pathFor(inputs.platform).join(defaultDataDir(inputs), DB_FILE_NAME)
}

// The target platform decides the separator, not the platform the tests run on.
function pathFor(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix
}

function nonEmpty(value: string | undefined): string | null {
  return value == null || value.trim() === '' ? null : value
}
