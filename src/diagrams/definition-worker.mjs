// Entry of the definition worker (see definition-loader.ts): a worker starts without the
// main thread's module hooks, so tsx is registered here before the TypeScript side loads.
import { register } from 'tsx/esm/api'

// zod is plain JavaScript: loaded before tsx's hooks are in place, its many modules skip a
// round trip to the hooks thread each (about 45 ms of the worker's start-up).
await import('zod')
register()
await import('./definition-worker.ts')
