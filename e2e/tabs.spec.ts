import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { drawWithMouse, newAccount, signIn, signOut, useOwnStack } from './fixtures.ts';

/** Opens the app in another tab of the same browser and waits until it is signed in. */
async function openAnotherTab(context: BrowserContext, url: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(url);
  await expect(tab.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  return tab;
}

test('signing out in one tab signs out the other tabs at once', async ({ page, request, baseURL }) => {
  await signIn(page, await newAccount(request));
  const other = await openAnotherTab(page.context(), `${baseURL}/`);
  await signOut(page, 'keep');
  // No reload: the other tab hears it on the channel.
  await expect(other.getByLabel('Username')).toBeVisible({ timeout: 5_000 });
  await expect(other.getByRole('button', { name: /^Sign out/ })).toHaveCount(0);
});

test.describe('with 2-second access tokens', () => {
  const ownStack = useOwnStack(['ACCESS_TOKEN_TTL_SECONDS:2']);

  test('two tabs refreshing at the same moment: one rotation, both stay signed in', async ({
    browser,
    playwright,
  }) => {
    const request = await playwright.request.newContext({ baseURL: ownStack().url });
    const account = await newAccount(request);
    const context = await browser.newContext({ baseURL: ownStack().url });
    try {
      const first = await context.newPage();
      await signIn(first, account, `${ownStack().url}/`);
      const second = await openAnotherTab(context, `${ownStack().url}/`);

      const refreshes: { at: number; status: number }[] = [];
      context.on('response', (response) => {
        if (response.url().endsWith('/api/auth/refresh'))
          refreshes.push({ at: Date.now(), status: response.status() });
      });
      // Both access tokens have expired by now.
      await first.waitForTimeout(2_500);

      // The connection comes back: every tab asks for a new token at the same moment (the same
      // call a token timer or a 401 makes). Scheduled on the shared clock, not sent one by one.
      const at = Date.now() + 500;
      const lead = await Promise.all(
        [first, second].map((tab) =>
          tab.evaluate((when) => {
            setTimeout(() => window.dispatchEvent(new Event('online')), when - Date.now());
            return when - Date.now();
          }, at),
        ),
      );
      // Both timers were set before the moment came (else the test did not make them coincide).
      for (const ms of lead) expect(ms).toBeGreaterThan(0);
      await first.waitForTimeout(at - Date.now() + 1_500);
      const atOnce = refreshes.filter((refresh) => refresh.at >= at - 50);
      // One tab rotated the cookie; the other took the session it broadcast.
      expect(atOnce.map((refresh) => refresh.status)).toEqual([200]);

      // Both tabs are still signed in and still reach authenticated routes (a contribution
      // after a local answer: 2xx from PUT /api/predictions).
      for (const [tab, digit] of [
        [first, 7],
        [second, 1],
      ] as const) {
        await expect(tab.getByTestId('model-status')).toHaveAttribute('data-state', 'ready');
        await expect(tab.getByLabel('Username')).toHaveCount(0);
        const contributed = tab.waitForResponse(
          // A 401 first (the token expired while drawing) is fine: the retry after a refresh counts.
          (response) =>
            response.request().method() === 'PUT' &&
            response.url().includes('/api/predictions/') &&
            response.status() !== 401,
        );
        await drawWithMouse(tab, digit);
        expect((await contributed).status()).toBeLessThan(300);
      }
      expect(refreshes.filter((refresh) => refresh.status !== 200)).toEqual([]);
      for (const tab of [first, second]) await expect(tab.getByLabel('Username')).toHaveCount(0);
    } finally {
      await context.close();
      await request.dispose();
    }
  });
});
