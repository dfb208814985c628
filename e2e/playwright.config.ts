import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';

const repoRoot = resolve(import.meta.dirname, '..');
/** The e2e stack's port: not npm start's 8787, so both can run at once. */
const port = Number(process.env.E2E_PORT ?? 8799);
/**
 * Every test signs up its own accounts from 127.0.0.1, so the per-IP sign-up and login
 * allowances are raised for this stack; the per-account limits keep their defaults.
 */
const e2eVars = [
  'LIMIT_REGISTER_PER_IP:1000/1 m',
  'LIMIT_LOGIN_PER_IP:1000/1 m',
  'LIMIT_LOGIN_PER_IP_HOUR:1000/1 m',
]
  .map((value) => `--var '${value}'`)
  .join(' ');

/**
 * Playwright against the whole local stack, started the way `npm start` starts it (on a test
 * port, from the already built app) and stopped with SIGTERM afterwards.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: resolve(repoRoot, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node_modules/.bin/tsx scripts/start.ts --no-build --port ${port} ${e2eVars}`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
