import { devices, expect, test } from '@playwright/test';
import { drawWithTouch, newAccount, shownResult, signIn } from './fixtures.ts';

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
