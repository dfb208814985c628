import { expect, test } from '@playwright/test';
import { openApp } from './fixtures.ts';

test('the app loads, the edge reports Redis up, and the page is cross-origin isolated', async ({ page }) => {
  const response = await openApp(page);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.getByRole('heading', { name: 'Cifra', level: 1 })).toBeVisible();
  await expect(page.getByTestId('health')).toContainText('redis up');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('WebGPU is on in this browser: requestAdapter() returns an adapter', async ({ page }) => {
  await openApp(page);
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return { present: false };
    const found = await Promise.race([
      gpu.requestAdapter(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
    ]);
    return { present: true, adapter: found !== null, vendor: found?.info.vendor ?? '' };
  });
  expect(adapter).toMatchObject({ present: true, adapter: true });

  // tfjs's setBackend('webgpu') on this adapter: backends.spec.ts (`?backend=webgpu` computes on webgpu).
});

test('a navigation that stalls is reported with its open requests and tried once more', async ({ page }) => {
  // The first request for the page is never answered (the stall CI once met); later ones are.
  let stalled = 0;
  await page.route('/', async (route) => {
    if (stalled++ === 0) return;
    await route.continue();
  });
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    await openApp(page, '/', 2_000);
  } finally {
    console.warn = warn;
  }
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(stalled).toBe(2);
  expect(warnings).toEqual([
    expect.stringMatching(
      /navigation to \/ stalled; still open: GET http:\/\/127\.0\.0\.1:\d+\/; trying again/,
    ),
  ]);
});
