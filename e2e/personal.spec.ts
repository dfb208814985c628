/**
 * Personal handwriting (issue #13) through the UI: flagged 1s the model reads as 7 are corrected
 * with "Wrong?", Cifra learns them on the device, and then reads such a 1 right — offline too.
 * Signing out and another user signing in leave the personal model unused and unseen.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  drawStrokesWithMouse,
  flaggedOne,
  newAccount,
  shownResult,
  signIn,
  signOut,
  submitSignInForm,
} from './fixtures.ts';

// Five samples, each written a little differently; two more never taught, for the checks.
const taught: [[number, number], number][] = [
  [[-0.04, 0], 0],
  [[0.04, 0], 0],
  [[0, -0.03], 0],
  [[0, 0.03], 0],
  [[0.02, 0.02], 0.03],
];
const unseen = flaggedOne([-0.02, 0.01]);
const unseenOffline = flaggedOne([0.03, -0.02], 0.02);

async function drawFresh(page: Page, strokes: ReturnType<typeof flaggedOne>) {
  const clear = page.getByRole('button', { name: 'Clear', exact: true });
  if (await clear.isEnabled()) await clear.click();
  await expect(page.getByTestId('result')).toHaveCount(0);
  await drawStrokesWithMouse(page, strokes);
  return shownResult(page);
}

const personalBadge = (page: Page) => page.getByTestId('prediction-source').first();

test('flagged 1s corrected and learnt on the device are read right, offline too; another user does not get them', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(240_000);
  const alice = await newAccount(request);
  const bob = await newAccount(request);
  const contributions: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'PUT' && sent.url().includes('/api/predictions/')) contributions.push(sent.url());
  });
  await signIn(page, alice);
  await page.evaluate(() => navigator.serviceWorker.ready);

  // The base model reads each flagged 1 as 7: "Wrong?" → "1" keeps it as a sample.
  for (const [shift, lift] of taught) {
    const result = await drawFresh(page, flaggedOne(shift, lift));
    expect(result.digit).toBe(7);
    const card = page.getByTestId('result').first();
    await card.getByTestId('wrong-answer').click();
    await card.getByTestId('correction').getByRole('button', { name: '1', exact: true }).click();
    await expect(card.getByTestId('correction-saved')).toBeVisible();
  }
  expect((await drawFresh(page, unseen)).digit).toBe(7);

  await page.getByRole('button', { name: 'Your handwriting' }).click();
  await expect(page.getByTestId('sample-counts')).toHaveText('1: 5');
  await page.getByTestId('learn').click();
  await expect(page.getByTestId('teach-status')).toContainText('Done', { timeout: 90_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-personal', 'on');

  // A flagged 1 never taught is now a 1, answered by the personal model on this device.
  await page.getByRole('button', { name: 'Draw', exact: true }).click();
  const contributedBefore = contributions.length;
  const after = await drawFresh(page, unseen);
  expect(after.digit).toBe(1);
  await expect(personalBadge(page)).toHaveAttribute('data-personal', 'yes');
  expect(after.badge).toContain('personal');
  // Its answers are this person's alone: none is offered to the shared cache.
  await page.waitForTimeout(500);
  expect(contributions.length).toBe(contributedBefore);

  // Offline: the app opens with the personal model and reads another flagged 1 right.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-personal', 'on', { timeout: 45_000 });
  const offline = await drawFresh(page, unseenOffline);
  expect(offline.digit).toBe(1);
  await expect(personalBadge(page)).toHaveAttribute('data-personal', 'yes');
  await context.setOffline(false);
  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });

  // Alice signs out keeping her data; Bob on the same browser gets the base model and no samples.
  await signOut(page, 'keep');
  await submitSignInForm(page, bob);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-personal', 'off');
  const bobs = await drawFresh(page, unseen);
  expect(bobs.digit).toBe(7);
  await expect(personalBadge(page)).toHaveAttribute('data-personal', 'no');
  await page.getByRole('button', { name: 'Your handwriting' }).click();
  await expect(page.getByTestId('sample-counts')).toHaveText('No samples yet.');
  await expect(page.getByTestId('personal-model')).toContainText('No personal model yet.');

  // Alice back: her personal model is on again; switched off, the base model answers.
  await signOut(page, 'keep');
  await submitSignInForm(page, alice);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-personal', 'on', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Your handwriting' }).click();
  // The switch saves first, then shows its new state.
  await page.getByTestId('personal-toggle').click();
  await expect(page.getByTestId('personal-toggle')).not.toBeChecked();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-personal', 'off');
  await page.getByRole('button', { name: 'Draw', exact: true }).click();
  expect((await drawFresh(page, flaggedOne([0.01, 0.01]))).digit).toBe(7);
});
