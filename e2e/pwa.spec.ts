import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { openApp } from './fixtures.ts';

test('the web app manifest is valid and its icons load', async ({ page, request }) => {
  await openApp(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await request.get(href ?? '');
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    scope: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    name: expect.stringContaining('Cifra'),
    short_name: 'Cifra',
    start_url: '/',
    scope: '/',
    display: 'standalone',
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  const sizes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
    const png = PNG.sync.read(await image.body());
    expect(`${png.width}x${png.height}`).toBe(icon.sizes);
  }
});

test('the service worker controls the page and start_url answers offline', async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
    /\/service-worker\.js$/,
  );
  await context.setOffline(true);
  const offline = await page.goto('/');
  expect(offline?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Cifra', level: 1 })).toBeVisible();
  await context.setOffline(false);
});
