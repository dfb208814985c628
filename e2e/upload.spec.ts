import { expect, test, type Page } from '@playwright/test';
import { newAccount, shownResult, signIn } from './fixtures.ts';
import { mnistPng } from './mnist.ts';

/** The backend calibration chose for batches, from the diagnostics table. */
async function batchBackend(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const best = page.getByTestId('calibration').locator('tr', { hasText: 'best for 16' });
  await expect(best).toBeVisible({ timeout: 60_000 });
  const backend = (await best.getAttribute('data-backend')) ?? '';
  await page.getByRole('button', { name: 'Upload' }).click();
  return backend;
}

const files = [
  { digit: 2, darkOnLight: true },
  { digit: 3, darkOnLight: true },
  { digit: 4, darkOnLight: true },
  { digit: 5, darkOnLight: false },
  { digit: 6, darkOnLight: false },
  { digit: 9, darkOnLight: false },
].map(({ digit, darkOnLight }) => ({
  digit,
  name: `mnist-${digit}-${darkOnLight ? 'dark-on-light' : 'light-on-dark'}.png`,
  mimeType: 'image/png',
  buffer: mnistPng(digit, { darkOnLight }),
}));

test('uploading MNIST digits in both polarities recognises each, as one batch on the calibrated backend', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  const backend = await batchBackend(page);
  await page
    .getByTestId('file-input')
    .setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.getByTestId('result')).toHaveCount(files.length, { timeout: 45_000 });
  const results = await Promise.all(files.map((_, index) => shownResult(page, index)));
  expect(results.map((result) => result.digit)).toEqual(files.map((file) => file.digit));
  // One batch: every answer reports the same backend and the same batch time.
  expect(new Set(results.map((result) => result.source))).toEqual(new Set([backend]));
  expect(new Set(results.map((result) => result.badge)).size).toBe(1);

  // The same pictures again: answered from this device's cache, no inference.
  await page
    .getByTestId('file-input')
    .setInputFiles(files.slice(0, 2).map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await expect(page.getByTestId('result')).toHaveCount(2);
  for (const index of [0, 1]) {
    const again = await shownResult(page, index);
    expect(again.source).toBe('device-cache');
    expect(again.badge).toBe("this device's cache");
  }
});

test('a text file renamed .png gets its own clear error; the other files are still answered', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Upload' }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles([
      { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image at all\n') },
      files[0] ?? { name: '', mimeType: '', buffer: Buffer.alloc(0) },
    ]);
  await expect(page.getByTestId('result-error')).toContainText(
    '"notes.png" is not an image this browser can read',
  );
  const good = page.getByTestId('result').nth(1);
  await expect(good.getByTestId('prediction-digit')).toHaveText('2', { timeout: 45_000 });
});

test('the history lists what was recognised', async ({ page, request }) => {
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Upload' }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles([files[3]!].map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  await shownResult(page);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByTestId('history').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('history')).toContainText('5');
  await page.getByRole('button', { name: 'Clear history' }).click();
  await expect(page.getByText('Nothing recognised yet.')).toBeVisible();
});
