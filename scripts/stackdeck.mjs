#!/usr/bin/env node
// The `stackdeck` bin: registers tsx so the TypeScript sources (and users' diagram
// definitions) run without a separate compile step, then hands over to the CLI.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
// Exit at once with the command's code: a build whose check failed does not wait for the
// exports it started meanwhile (their temps and browsers go with the process).
process.exit(await main(process.argv.slice(2)))
