// Entry of the definition worker (see definition-loader.ts): a worker starts without the
// main thread's module hooks, so tsx is registered here before the TypeScript side loads.
import { register } from 'tsx/esm/api'

register()
await import('./definition-worker.ts')
