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

test('a returning user can draw at once while the edge is slow to confirm the session', async ({
  page,
  request,
}) => {
  const account = await newAccount(request);
  await signIn(page, account);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // A signal that comes and goes: the session refresh hangs for a long time.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/auth/refresh', async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  // The model already on this device answers before the edge has said a word.
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  await drawWithMouse(page, 7);
  const result = await shownResult(page);
  expect(result.digit).toBe(7);
  await expect(page.getByRole('button', { name: /^Sign out/ })).toContainText(account.username);
  // Once the edge answers, the session is confirmed and nothing was lost.
  const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'));
  release();
  expect((await refreshed).status()).toBe(200);
  await expect(page.getByTestId('prediction-digit')).toHaveText('7');
});
