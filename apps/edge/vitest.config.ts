import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Edge tests run inside workerd (the real Workers runtime) with the Worker of wrangler.toml,
 * against a real redis-server behind packages/upstash-local, both started by global-setup.ts.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: './src/index.ts',
      wrangler: { configPath: '../../wrangler.toml' },
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
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // The Worker logs one JSON line per request: show them only for failing tests.
    silent: 'passed-only',
  },
});
