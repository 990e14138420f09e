import { spawn } from 'node:child_process'

/** How `openBrowser` starts a program; a parameter so tests see the call without a browser. */
export type Spawner = (
  file: string,
  args: readonly string[],
) => { once(event: 'error', listener: (error: Error) => void): unknown; unref(): void }

const realSpawn: Spawner = (file, args) =>
  spawn(file, [...args], { detached: true, stdio: 'ignore', windowsHide: true })

/** The opener command for a platform: `open` (macOS), `cmd /c start` (Windows), else `xdg-open`. */
export function openerFor(platform: string, url: string): { file: string; args: string[] } {
  if (platform === 'darwin') return { file: 'open', args: [url] }
  // `start` takes its first quoted argument as a window title, hence the empty "".
  if (platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""', url] }
  return { file: 'xdg-open', args: [url] }
}

/**
 * Opens `url` in the default browser without waiting for it. Resolves to null once started, or
 * to a one-line note when the opener is missing (a headless server): never throws, never blocks.
 */
export function openBrowser(
  url: string,
  {
    platform = process.platform,
    spawner = realSpawn,
  }: { platform?: string; spawner?: Spawner } = {},
): Promise<string | null> {
  const { file, args } = openerFor(platform, url)
  return new Promise((resolve) => {
    try {
      const child = spawner(file, args)
      child.once('error', (error) =>
        resolve(`could not open a browser (${file}: ${error.message}); open ${url} yourself`),
      )
      child.unref()
      // A missing opener reports ENOENT on the next tick; after that the browser is its own.
      setTimeout(() => resolve(null), 200)
    } catch (error) {
      resolve(
        `could not open a browser (${file}: ${error instanceof Error ? error.message : String(error)}); open ${url} yourself`,
      )
    }
  })
}
