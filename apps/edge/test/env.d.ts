// Types of `cloudflare:test` and `cloudflare:workers` inside the edge tests.
import type { Bindings } from '../src/env.ts';
import type * as mainModule from '../src/index.ts';

declare global {
  namespace Cloudflare {
    // Declaration merging: the Worker's bindings are the test env's.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends Bindings {}
    interface GlobalProps {
      mainModule: typeof mainModule;
    }
  }
}
