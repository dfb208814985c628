import { expect, test } from '@playwright/test';
import { drawWithMouse, newAccount, shownResult, signIn } from './fixtures.ts';

test('sign in, draw a 7 with the mouse, get a 7 computed on this device', async ({ page, request }) => {
  await signIn(page, await newAccount(request));
  await drawWithMouse(page, 7);
  const result = await shownResult(page);
  expect(result.digit).toBe(7);
  expect(result.probability).toBeGreaterThan(0.5);
  expect(['wasm', 'webgl', 'cpu']).toContain(result.source);
  expect(result.badge).toMatch(/computed on (WASM|WebGL|CPU) in [\d.]+ ms/);
  await page.screenshot({ path: 'test-results/draw.png', fullPage: true });
});
