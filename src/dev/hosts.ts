/**
 * Host names that mean "this machine only", for the server's Host check and the CLI's
 * warning when it listens elsewhere. A module of its own so the CLI can ask without
 * loading the server.
 */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set([
  'localhost',
  '127.0.0.1',
  '[::1]',
  '::1',
])

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase())
}
