/**
 * Hands a Blob to the browser as a download: a temporary `blob:` link with `download` set,
 * clicked once. No inline script or navigation is involved, so the page's CSP allows it.
 */

/** Saves `blob` under `fileName` through the browser's download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the URL by now; revoking later frees the bytes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
