#!/usr/bin/env node
import { createMain } from './main.js'
import { runCli } from './run-cli.js'
import { createContext } from '../app/context.js'

const ctx = createContext()
const code = await runCli(createMain(ctx), process.argv.slice(2), ctx.io)
// Let pending stdout writes drain before exiting (a pipe to `head` or `jq` may be slow).
process.exitCode = code
