import { expect, test, type Page } from '@playwright/test';
import { drawWithMouse, newAccount, shownResult, signIn, submitSignInForm, signOut } from './fixtures.ts';

const newPassword = 'an entirely new passphrase';

async function openAccountSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  return page.getByTestId('account-settings');
}

test('changing the password in Settings: the new one signs in, the old one no longer does', async ({
  page,
  request,
}) => {
  const account = await newAccount(request);
  await signIn(page, account);
  const settings = await openAccountSettings(page);
  await settings.getByLabel('Current password').fill(account.password);
  await settings.getByLabel('New password').fill(newPassword);
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('account-status')).toHaveText(/Password changed/);
  // This device keeps its (fresh) session.
  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });

  await signOut(page, 'keep');
  await submitSignInForm(page, { username: account.username, password: account.password });
  await expect(page.getByTestId('auth-error')).toHaveText('Wrong username or password.');
  await submitSignInForm(page, { username: account.username, password: newPassword });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
});

test('signing out everywhere ends the session on another device too', async ({
  browser,
  request,
  baseURL,
}) => {
  const account = await newAccount(request);
  const phone = await browser.newContext({ baseURL });
  const laptop = await browser.newContext({ baseURL });
  try {
    const [onPhone, onLaptop] = [await phone.newPage(), await laptop.newPage()];
    await signIn(onPhone, account);
    await signIn(onLaptop, account);
    const settings = await openAccountSettings(onLaptop);
    await settings.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(onLaptop.getByLabel('Username')).toBeVisible();
    // The phone's refresh cookie is revoked: a reload lands on the sign-in form.
    await onPhone.reload();
    await expect(onPhone.getByLabel('Username')).toBeVisible({ timeout: 30_000 });
  } finally {
    await Promise.all([phone.close(), laptop.close()]);
  }
});

test('deleting the account erases it on the edge and this user’s data on the device', async ({
  page,
  request,
}) => {
  const account = await newAccount(request);
  await signIn(page, account);
  await drawWithMouse(page, 7);
  expect((await shownResult(page)).digit).toBe(7);
  const historyCount = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('cifra');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('results').objectStore('results').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
  await expect.poll(historyCount).toBeGreaterThan(0);

  const settings = await openAccountSettings(page);
  await settings.getByRole('button', { name: 'Delete account' }).click();
  await expect(settings.getByRole('alert')).toContainText('cannot be undone');
  await settings.getByLabel('Password', { exact: true }).fill(account.password);
  await settings.getByRole('button', { name: 'Delete my account for good' }).click();

  await expect(page.getByLabel('Username')).toBeVisible();
  expect(await historyCount()).toBe(0);
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('cifra:'))),
  ).toEqual([]);
  await submitSignInForm(page, { username: account.username, password: account.password });
  await expect(page.getByTestId('auth-error')).toHaveText('Wrong username or password.');
});
