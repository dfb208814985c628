import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openApp, drawWithMouse, newAccount, shownResult } from './fixtures.ts';

/**
 * The English and Spanish strings of the page's message tables, read as text (e2e reaches the
 * app only through the running stack, never by importing its sources).
 */
function messageTables(file: string): { en: string[]; es: string[] } {
  const source = readFileSync(new URL(`../apps/web/src/page/${file}`, import.meta.url), 'utf8');
  const block = (language: string, next: string) =>
    source.slice(source.indexOf(`\n  ${language}: {`), next ? source.indexOf(`\n  ${next}: {`) : undefined);
  const strings = (text: string) =>
    [...text.matchAll(/^\s+\w+:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/gm)].map(
      (match) => match[1] ?? match[2] ?? '',
    );
  const tables = { en: strings(block('en', 'es')), es: strings(block('es', '')) };
  expect(tables.en.length).toBeGreaterThan(10);
  expect(tables.es.length).toBe(tables.en.length);
  return tables;
}

/**
 * Pieces of English that must not show in the Spanish UI: each English message split at its
 * `{placeholders}`, keeping the pieces no Spanish message contains (names like "WebGPU" or
 * "(ms)" are the same in both), plus words the page once hard-coded.
 */
const englishPieces: string[] = (() => {
  const en: string[] = [];
  const es: string[] = [];
  for (const file of ['i18n/messages.ts', 'i18n/error-messages.ts', 'SettingsView/settings-messages.ts']) {
    const tables = messageTables(file);
    en.push(...tables.en);
    es.push(...tables.es);
  }
  const pieces = en
    .flatMap((text) => text.split(/\{\w+\}/))
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 3 && !es.some((spanish) => spanish.includes(piece)));
  const hardCoded = [
    'Service',
    'Model',
    'Backend',
    'WebGPU adapter',
    'Cross-origin isolated',
    'best for',
    'batch',
  ];
  return [...new Set([...pieces, ...hardCoded])];
})();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Fails with the English pieces the page shows now, if any. */
async function expectNoEnglish(page: Page, where: string): Promise<void> {
  // What is read aloud or shown on hover counts too: titles, labels and placeholders.
  const attributes = await page
    .locator('[title], [aria-label], [placeholder], [alt]')
    .evaluateAll((elements) =>
      elements.flatMap((element) =>
        ['title', 'aria-label', 'placeholder', 'alt'].flatMap((name) => element.getAttribute(name) ?? []),
      ),
    );
  const shown = [await page.locator('body').innerText(), ...attributes].join('\n');
  const found = englishPieces.filter((piece) => new RegExp(`(^|\\W)${escape(piece)}($|\\W)`).test(shown));
  expect(found, `English on ${where}:\n${shown}`).toEqual([]);
}

test.use({ locale: 'es-ES' });

test('in Spanish, every tab and the errors speak Spanish only', async ({ page, request }) => {
  test.setTimeout(120_000);
  expect(englishPieces).toContain('Wrong username or password.');
  const account = await newAccount(request);
  await openApp(page);
  await expect(page.getByTestId('health')).toContainText('redis');
  await expectNoEnglish(page, 'the sign-in screen');

  // A wrong password: the edge's error, in Spanish.
  await page.getByLabel('Usuario').fill(account.username);
  await page.getByLabel('Contraseña', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
  await expect(page.getByTestId('auth-error')).toHaveText('Usuario o contraseña incorrectos.');
  await expectNoEnglish(page, 'a failed sign-in');

  await page.getByLabel('Contraseña', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });

  await page.getByRole('button', { name: 'Dibujar' }).click();
  await drawWithMouse(page, 7);
  await shownResult(page);
  await expectNoEnglish(page, 'Draw');

  // A text file named .png: the worker's error, worded by the page.
  await page.getByRole('button', { name: 'Subir' }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles([{ name: 'notas.png', mimeType: 'image/png', buffer: Buffer.from('no es una imagen\n') }]);
  await expect(page.getByTestId('result-error')).toContainText('«notas.png» no es una imagen');
  await expectNoEnglish(page, 'Upload with an error');

  await page.getByRole('button', { name: 'Historial' }).click();
  await expect(page.getByTestId('history').or(page.getByText('Aún no se ha reconocido nada.'))).toBeVisible();
  await expectNoEnglish(page, 'History');

  await page.getByRole('button', { name: 'Ajustes' }).click();
  await expect(page.getByTestId('diagnostics')).toContainText('Adaptador WebGPU');
  await expect(page.getByTestId('calibration')).toBeVisible({ timeout: 60_000 });
  await expectNoEnglish(page, 'Settings and diagnostics');

  // The account: a wrong current password.
  const settings = page.getByTestId('account-settings');
  await settings.getByLabel('Contraseña actual').fill('not the password');
  await settings.getByLabel('Contraseña nueva').fill('another long passphrase');
  await settings.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByTestId('account-error')).toHaveText('Esa contraseña no es correcta.');
  await expectNoEnglish(page, 'Account with an error');
});
