import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';
import { drawWithMouse, newAccount, shownResult, signIn } from './fixtures.ts';

for (const backend of ['webgpu', 'wasm', 'cpu'] as const) {
  test(`?backend=${backend} computes on ${backend} and says so`, async ({ page, request }) => {
    await signIn(page, await newAccount(request), `/?backend=${backend}`);
    await drawWithMouse(page, 7);
    const result = await shownResult(page);
    expect(result.digit).toBe(7);
    expect(result.source).toBe(backend);
    await expect(page.getByTestId('backend-note')).toHaveCount(0);
  });
}

test('auto mode measures the backends and never picks the software WebGPU adapter', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Settings' }).click();
  const table = page.getByTestId('calibration');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('tr[data-backend="webgpu"]')).toContainText('software adapter');
  await expect(table.locator('tr[data-backend="wasm"] td').nth(1)).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('diagnostics')).toContainText('(software)');
  await page.getByRole('button', { name: 'Draw' }).click();
  await drawWithMouse(page, 1);
  const result = await shownResult(page);
  expect(result.digit).toBe(1);
  expect(result.source).not.toBe('webgpu');
});

test('forcing a backend this browser lacks falls back with a visible note', async ({ request, baseURL }) => {
  // The same Chromium without the WebGPU flag: navigator.gpu has no adapter.
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: (chromiumLaunchOptions.args ?? []).filter((arg) => arg !== '--enable-unsafe-webgpu'),
  });
  try {
    const page = await browser.newPage({ baseURL });
    await signIn(page, await newAccount(request), '/?backend=webgpu');
    await drawWithMouse(page, 7);
    const result = await shownResult(page);
    expect(result.digit).toBe(7);
    expect(result.source).toBe('wasm');
    await expect(page.getByTestId('backend-note')).toContainText('webgpu is unavailable here');
  } finally {
    await browser.close();
  }
});
