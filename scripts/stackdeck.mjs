#!/usr/bin/env node
// The `stackdeck` bin: registers tsx so the TypeScript sources (and users' diagram
// definitions) run without a separate compile step, then hands over to the CLI.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
