import { expect, test, type Browser, type Page } from '@playwright/test';
import { openApp, newAccount, shownResult, submitSignInForm } from './fixtures.ts';
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
  await openApp(page);
  await submitSignInForm(page, account);
  await expect(page.getByTestId('model-status')).toHaveAttribute(
    'data-state',
    blockModel ? 'error' : 'ready',
    { timeout: 45_000 },
  );
  await page.getByRole('button', { name: 'Upload' }).click();
  return { page, close: () => context.close() };
}

/** The contribution this page sends for the next picture, and the edge's answer to it. */
function nextContribution(page: Page) {
  return page.waitForResponse(
    (response) => response.request().method() === 'PUT' && response.url().includes('/api/predictions/'),
  );
}

test('an answer the edge checked is shared with another account; a device with contributing off sends nothing', async ({
  browser,
  request,
  baseURL,
}) => {
  const alice = await person(browser, request, baseURL);
  const bob = await person(browser, request, baseURL);
  const carol = await person(browser, request, baseURL, true);
  try {
    // Bob switched contributing off: his answer stays on his device.
    await bob.page.getByRole('button', { name: 'Settings' }).click();
    await bob.page.getByTestId('contribute-toggle').uncheck();
    await bob.page.getByRole('button', { name: 'Upload' }).click();
    const sent: string[] = [];
    bob.page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('/api/predictions/')) sent.push(request.url());
    });
    await bob.page.getByTestId('file-input').setInputFiles(file);
    expect((await shownResult(bob.page)).digit).toBe(8);

    // Nobody has contributed: Carol (no model on her device) gets no answer.
    await carol.page.getByTestId('file-input').setInputFiles(file);
    await expect(carol.page.getByTestId('recognition-error')).toBeVisible({ timeout: 30_000 });
    await expect(carol.page.getByTestId('prediction-digit')).toHaveCount(0);
    expect(sent).toEqual([]);

    // Alice contributes the 28x28 input she computed; the edge runs its model and keeps its answer.
    const contribution = nextContribution(alice.page);
    await alice.page.getByTestId('file-input').setInputFiles(file);
    expect((await shownResult(alice.page)).digit).toBe(8);
    const response = await contribution;
    expect(response.status()).toBe(201);
    const body = JSON.parse(response.request().postData() ?? '{}') as { input?: string; digit?: number };
    // What left the device: the 784-byte model input (base64) and the digit, nothing else.
    expect(Object.keys(body).sort()).toEqual(['digit', 'input']);
    expect(Buffer.from(body.input ?? '', 'base64')).toHaveLength(784);

    await carol.page.getByTestId('file-input').setInputFiles(file);
    const shared = await shownResult(carol.page);
    expect(shared.digit).toBe(8);
    expect(shared.source).toBe('shared-cache');
    expect(shared.badge).toBe('shared cache');
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  }
});
