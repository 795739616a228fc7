// Entry of the type-check worker (see type-check-thread.ts): a worker starts without the
// main thread's module hooks, so tsx is registered here before the TypeScript side loads.
// The compiler itself is loaded later, through require, and only when a check must run.
import { register } from 'tsx/esm/api'

register()
await import('./type-check-worker.ts')
