/**
 * Light or dark: the system's choice (prefers-color-scheme) unless the reader picked one with
 * the toggle, which is remembered in localStorage.
 */
export type ThemeChoice = 'system' | 'light' | 'dark'

const KEY = 'homelab-ai.theme'

/** The saved choice; `system` when none was saved or storage is blocked. */
export function loadTheme(): ThemeChoice {
  try {
    const saved = window.localStorage.getItem(KEY)
    return saved === 'light' || saved === 'dark' ? saved : 'system'
  } catch {
    // Storage can be disabled (private modes, policies); the system theme still works.
    return 'system'
  }
}

/** Saves the choice and applies it to the document (CSS reads `data-theme`). */
export function saveTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(KEY)
    else window.localStorage.setItem(KEY, choice)
  } catch {
    // Not saved, but still applied below for this visit.
  }
  applyTheme(choice)
}

/** Sets `data-theme` on <html>; with `system` the attribute goes and the media query decides. */
export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement
  if (choice === 'system') root.removeAttribute('data-theme')
  else root.setAttribute('data-theme', choice)
}

/** The next choice in the toggle's cycle: system, light, dark. */
export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system'
}
