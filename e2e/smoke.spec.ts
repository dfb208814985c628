import { expect, test } from '@playwright/test';
import { openApp } from './fixtures.ts';

test('the app loads, the edge reports Redis up, and the page is cross-origin isolated', async ({ page }) => {
  const response = await page.goto('/');
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
