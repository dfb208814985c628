import { expect, test, type Page } from '@playwright/test';
import { drawWithMouse, newAccount, shownResult, signIn, signOut, submitSignInForm } from './fixtures.ts';

/** Signs in on the sign-in form already shown and waits for the model. */
async function signInAgain(page: Page, account: { username: string; password: string }) {
  await submitSignInForm(page, account);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
}

/** Draws a 7 on a clean pad and returns where the answer came from. */
async function sourceOfSeven(page: Page): Promise<string | null> {
  await page.getByRole('button', { name: 'Draw', exact: true }).click();
  const clear = page.getByRole('button', { name: 'Clear', exact: true });
  if (await clear.isEnabled()) await clear.click();
  await drawWithMouse(page, 7);
  const shown = await shownResult(page);
  expect(shown.digit).toBe(7);
  return shown.source;
}

/** The History tab's entries for whoever is signed in. */
async function historyEntries(page: Page) {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^History/ })).toBeVisible();
  return page.getByTestId('history-item');
}

test('a shared browser: the next user sees neither the history nor the cached answers of the one before', async ({
  page,
  request,
}) => {
  const [alice, bob] = [await newAccount(request), await newAccount(request)];

  await signIn(page, alice);
  expect(await sourceOfSeven(page)).not.toBe('device-cache');
  // The same drawing again is answered from Alice's results on this device.
  await expect.poll(() => sourceOfSeven(page)).toBe('device-cache');
  await expect(await historyEntries(page)).toHaveCount(1);
  await signOut(page, 'keep');

  // Bob on the same browser: an empty history, and the same drawing is not Alice's cached answer.
  await signInAgain(page, bob);
  await expect(await historyEntries(page)).toHaveCount(0);
  await expect(page.getByText('Nothing recognised yet.')).toBeVisible();
  expect(await sourceOfSeven(page)).not.toBe('device-cache');
  await signOut(page, 'remove');

  // Alice kept her data: her history and cached answers are back.
  await signInAgain(page, alice);
  await expect(await historyEntries(page)).toHaveCount(1);
  expect(await sourceOfSeven(page)).toBe('device-cache');
  await signOut(page, 'remove');

  // Removed: nothing of hers is left on the device.
  await signInAgain(page, alice);
  await expect(await historyEntries(page)).toHaveCount(0);
  expect(await sourceOfSeven(page)).not.toBe('device-cache');
  // Bob removed his data too: only Alice's fresh answer is on the device.
  expect(await resultOwners(page)).toEqual([(await whoAmI(page)).id]);
});

/** Who is signed in, as the app remembers it (no secret). */
async function whoAmI(page: Page): Promise<{ id: string }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('cifra:last-user') ?? 'null') as { id: string });
}

/** The distinct owners of the results stored on this device. */
function resultOwners(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('cifra');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('results').objectStore('results').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve([...new Set((all.result as { userId: string }[]).map((row) => row.userId))]);
          };
        };
      }),
  );
}

test('the contribute switch is one user’s choice, not the next user’s on the same browser', async ({
  page,
  request,
}) => {
  const [alice, bob] = [await newAccount(request), await newAccount(request)];
  await signIn(page, alice);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByTestId('contribute-toggle').uncheck();
  await signOut(page, 'keep');

  await signInAgain(page, bob);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('contribute-toggle')).toBeChecked();
  await signOut(page, 'keep');

  await signInAgain(page, alice);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('contribute-toggle')).not.toBeChecked();
});
