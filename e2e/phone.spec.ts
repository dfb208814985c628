import { devices, expect, test } from '@playwright/test';
import { openApp, drawWithTouch, newAccount, shownResult, signIn } from './fixtures.ts';

test.use({ ...devices['Pixel 7'] });

test('on a Pixel-7-sized touch screen: drawing with a finger works, nothing overflows, targets are big enough', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  await drawWithTouch(page, 1);
  const result = await shownResult(page);
  expect(result.digit).toBe(1);

  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, input:not(.visually-hidden), .button')]
      .map((element) => ({
        text: element.textContent?.trim() ?? element.tagName,
        rect: element.getBoundingClientRect(),
      }))
      .filter(({ rect }) => rect.width > 0 && (rect.height < 44 || rect.width < 44))
      .map(({ text, rect }) => `${text} ${rect.width}x${rect.height}`),
  );
  expect(small).toEqual([]);
  await page.screenshot({ path: 'test-results/phone.png', fullPage: true });
});

test('on a 412 px phone: the diagnostics fit (no cell narrower than its longest word, nothing sticks out)', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000); // the calibration table appears once the backends are measured
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('diagnostics')).not.toContainText('—', { timeout: 30_000 });
  await expect(page.getByTestId('calibration')).toBeVisible({ timeout: 90_000 });
  expect(page.viewportSize()?.width).toBe(412);

  const squeezed = await page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return ['no 2D canvas to measure with'];
    const viewport = document.documentElement.clientWidth;
    const cells = document.querySelectorAll<HTMLElement>(
      '[data-testid="diagnostics"] > dt, [data-testid="diagnostics"] > dd, [data-testid="calibration"] th, [data-testid="calibration"] td',
    );
    const found: string[] = [];
    for (const cell of cells) {
      const text = cell.textContent?.trim() ?? '';
      const rect = cell.getBoundingClientRect();
      if (!text || rect.width === 0) continue;
      const style = getComputedStyle(cell);
      context.font = style.font;
      const longestWord = Math.max(...text.split(/\s+/).map((word) => context.measureText(word).width));
      const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (room + 1 < longestWord)
        found.push(`"${text}": ${room.toFixed(0)} px for a ${longestWord.toFixed(0)} px word`);
      if (rect.left < 0 || rect.right > viewport + 1)
        found.push(`"${text}" sticks out: ${rect.left}..${rect.right}`);
    }
    return found;
  });
  expect(squeezed).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('on a phone: "Choose pictures" (several, from the gallery) and "Take a photo" are two inputs; no iOS hint on Android', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Upload' }).click();
  const choose = page.getByTestId('file-input');
  await expect(choose).toHaveAttribute('multiple', '');
  await expect(choose).not.toHaveAttribute('capture');
  await expect(choose).toHaveAttribute('accept', 'image/*');
  const camera = page.getByTestId('camera-input');
  await expect(camera).toHaveAttribute('capture', 'environment');
  await expect(page.getByText('Choose pictures')).toBeVisible();
  await expect(page.getByText('Take a photo')).toBeVisible();
  await expect(page.getByTestId('ios-install-hint')).toHaveCount(0);
});

test.describe('on an iPhone in Safari', () => {
  // The device's user agent, screen and touch, in this project's Chromium (not WebKit).
  const { defaultBrowserType: _webkit, ...iPhone } = devices['iPhone 13'];
  test.use(iPhone);

  test('the install hint says Share → Add to Home Screen, and stays dismissed', async ({ page }) => {
    await openApp(page);
    const hint = page.getByTestId('ios-install-hint');
    await expect(hint).toContainText('tap Share, then “Add to Home Screen”');
    await hint.getByRole('button', { name: 'Dismiss' }).click();
    await expect(hint).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(hint).toHaveCount(0);
  });

  test.describe('in Spanish', () => {
    test.use({ locale: 'es-ES' });

    test('the hint is in Spanish', async ({ page }) => {
      await openApp(page);
      await expect(page.getByTestId('ios-install-hint')).toContainText('«Añadir a pantalla de inicio»');
    });
  });
});
