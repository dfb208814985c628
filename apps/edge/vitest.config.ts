import { resolve } from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Edge tests run inside workerd (the real Workers runtime) with the Worker of wrangler.toml,
 * against a real redis-server behind packages/upstash-local, both started by global-setup.ts.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: resolve(import.meta.dirname, 'src/index.ts'),
      wrangler: { configPath: resolve(import.meta.dirname, '../../wrangler.toml') },
      miniflare: {
        bindings: {
          ENVIRONMENT: 'test',
          UPSTASH_REDIS_REST_URL: inject('upstashUrl'),
          UPSTASH_REDIS_REST_TOKEN: inject('upstashToken'),
          JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789abcdef',
          URL_SIGNING_SECRET: 'test-url-signing-secret-0123456789abcdef012345',
        },
      },
    })),
  ],
  test: {
    // The repository root, so that files of the root node_modules (tfjs's .wasm, imported as a
    // compiled module) resolve inside the project rather than through an /@fs/ path workerd's
    // module fallback cannot follow.
    root: resolve(import.meta.dirname, '../..'),
    include: ['apps/edge/src/**/*.test.ts'],
    globalSetup: [resolve(import.meta.dirname, 'test/global-setup.ts')],
    // The first request of a fresh Worker also starts its modules (tfjs, its WASM): on a busy
    // 2-core machine that alone has taken more than vitest's 5 s default.
    testTimeout: 30_000,
    // The Worker logs one JSON line per request: show them only for failing tests.
    silent: 'passed-only',
  },
});
