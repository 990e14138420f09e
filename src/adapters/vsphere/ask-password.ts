/**
 * Reads a password from the terminal without echoing it. Only for an interactive terminal:
 * scripts pass GOVC_PASSWORD instead.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

/** Asks `question` on stderr and reads one line with echo off; null without a terminal or on Ctrl-D. */
export function askPassword(question: string): Promise<string | null> {
  if (process.stdin.isTTY !== true) return Promise.resolve(null)
  let muted = false
  // Everything readline echoes after the prompt is dropped, so the password never shows.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  return new Promise((resolve) => {
    let answered = false
    rl.question(question, (answer) => {
      answered = true
      process.stderr.write('\n')
      rl.close()
      resolve(answer)
    })
    muted = true
    rl.once('close', () => {
      if (!answered) resolve(null)
    })
  })
}
