import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { newAccount, shownResult, signIn } from './fixtures.ts';
import { mnistPng } from './mnist.ts';

const cli = resolve(import.meta.dirname, '../node_modules/.bin/cifra-model');

test('the HTTP API, the CLI and the browser give the same answer for the same image', async ({
  page,
  request,
}) => {
  const png = mnistPng(4, { darkOnLight: true, skip: 5 });
  const file = join(mkdtempSync(join(tmpdir(), 'cifra-parity-')), 'four.png');
  writeFileSync(file, png);

  // 1. The edge's POST /api/predict, first: the browser's contribution would otherwise let it
  //    answer from the shared cache (workerd, tfjs wasm from the bundled module).
  const account = await newAccount(request);
  const login = await request.post('/api/auth/login', { data: account });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await request.post('/api/predict', {
    headers: { authorization: `Bearer ${accessToken}` },
    multipart: { file: { name: 'four.png', mimeType: 'image/png', buffer: png } },
  });
  expect(response.status()).toBe(200);
  const fromApi = (await response.json()) as { digit: number; probabilities: number[]; backend?: string };
  expect(fromApi.backend).toBe('wasm');

  // 2. The CLI (Node, tfjs wasm).
  const [fromCli] = JSON.parse(execFileSync(cli, ['predict', file, '--json'], { encoding: 'utf8' })) as {
    digit: number;
    probabilities: number[];
  }[];

  // 3. The browser (createImageBitmap decoding, tfjs in the inference worker).
  await signIn(page, account);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByTestId('file-input').setInputFiles(file);
  const shown = await shownResult(page);
  const browser = (await page
    .getByTestId('result')
    .first()
    .locator('ol.bars li')
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-value'))))) as number[];

  expect(shown.digit).toBe(4);
  expect(fromCli?.digit).toBe(4);
  expect(fromApi.digit).toBe(4);
  for (let digit = 0; digit < 10; digit++) {
    expect(Math.abs((fromApi.probabilities[digit] ?? 0) - (fromCli?.probabilities[digit] ?? 1))).toBeLessThan(
      1e-3,
    );
    expect(Math.abs((fromApi.probabilities[digit] ?? 0) - (browser[digit] ?? 1))).toBeLessThan(1e-3);
  }
});
