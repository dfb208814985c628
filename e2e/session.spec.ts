import { expect, test } from '@playwright/test';
import { openApp, drawWithMouse, newAccount, signIn, signOut, useOwnStack } from './fixtures.ts';

test('a 429 from the edge tells when to retry', async ({ page, request }) => {
  const account = await newAccount(request);
  await openApp(page);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill('not the password');
  const attempt = async () => {
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    return (await answer).status();
  };
  for (let failure = 0; failure < 5; failure++) expect(await attempt()).toBe(401);
  await expect(page.getByTestId('auth-error')).toHaveText('Wrong username or password.');
  expect(await attempt()).toBe(429);
  await expect(page.getByTestId('auth-error')).toHaveText(/^Too many requests\. Try again in \d+ s\.$/);
});

test('signing out clears the session: a reload shows the sign-in form', async ({ page, request }) => {
  await signIn(page, await newAccount(request));
  await signOut(page, 'keep');
  expect(await page.evaluate(() => localStorage.getItem('cifra:last-user'))).toBeNull();
  await page.reload();
  await expect(page.getByLabel('Username')).toBeVisible();
});

test.describe('with 2-second access tokens', () => {
  const ownStack = useOwnStack(['ACCESS_TOKEN_TTL_SECONDS:2']);

  test('an expired access token is refreshed silently', async ({ page, playwright }) => {
    const request = await playwright.request.newContext({ baseURL: ownStack().url });
    const account = await newAccount(request);
    await signIn(page, account, `${ownStack().url}/`);
    await page.waitForTimeout(3_000);
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'));
    const stored = page.waitForResponse(
      // 201: a first contribution, stored after the edge ran its own model.
      (response) => response.request().method() === 'PUT' && response.status() === 201,
    );
    await drawWithMouse(page, 7);
    expect((await refreshed).status()).toBe(200);
    expect((await stored).url()).toContain('/api/predictions/');
    await request.dispose();
  });
});
