import { expect, test, type Browser, type Page } from '@playwright/test';
import { newAccount, shownResult } from './fixtures.ts';
import { mnistPng } from './mnist.ts';

const file = {
  name: 'eight.png',
  mimeType: 'image/png',
  buffer: mnistPng(8, { darkOnLight: true, skip: 3 }),
};

/** A fresh browser profile (own IndexedDB and caches) signed in as a new account. */
async function person(
  browser: Browser,
  request: Parameters<typeof newAccount>[0],
  baseURL: string | undefined,
  blockModel = false,
) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  // Without the model files this device must rely on the shared cache.
  if (blockModel) await context.route('**/model/**', (route) => route.abort());
  const account = await newAccount(request);
  await page.goto('/');
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveAttribute(
    'data-state',
    blockModel ? 'error' : 'ready',
    { timeout: 45_000 },
  );
  await page.getByRole('button', { name: 'Upload' }).click();
  return { page, close: () => context.close() };
}

/** Uploads the picture and waits until this device's answer reached the shared cache. */
async function contribute(page: Page) {
  const stored = page.waitForResponse(
    (response) => response.request().method() === 'PUT' && response.url().includes('/api/predictions/'),
  );
  await page.getByTestId('file-input').setInputFiles(file);
  expect((await shownResult(page)).digit).toBe(8);
  expect((await stored).status()).toBe(200);
}

test('the shared cache answers another account only once two accounts agree', async ({
  browser,
  request,
  baseURL,
}) => {
  const alice = await person(browser, request, baseURL);
  const bob = await person(browser, request, baseURL);
  const carol = await person(browser, request, baseURL, true);
  try {
    await contribute(alice.page);
    // One vote is not enough: Carol (no model) gets no answer.
    await carol.page.getByTestId('file-input').setInputFiles(file);
    await expect(carol.page.getByTestId('recognition-error')).toBeVisible({ timeout: 30_000 });
    await expect(carol.page.getByTestId('prediction-digit')).toHaveCount(0);

    await contribute(bob.page);
    await carol.page.getByTestId('file-input').setInputFiles(file);
    const shared = await shownResult(carol.page);
    expect(shared.digit).toBe(8);
    expect(shared.source).toBe('shared-cache');
    expect(shared.badge).toBe('shared cache');
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  }
});
