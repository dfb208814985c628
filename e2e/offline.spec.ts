import { expect, test } from '@playwright/test';
import { drawWithMouse, newAccount, shownResult, signIn } from './fixtures.ts';

test('after a first sign-in the app opens offline, says so, and still predicts', async ({
  page,
  context,
  request,
}) => {
  await signIn(page, await newAccount(request));
  // Let the service worker take control (it precaches the shell on its first visit).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  await drawWithMouse(page, 1);
  const result = await shownResult(page);
  expect(result.digit).toBe(1);
  expect(result.source).not.toBe('shared-cache');
  await context.setOffline(false);
});
