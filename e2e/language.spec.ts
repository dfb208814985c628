import { expect, test } from '@playwright/test';
import { openApp, newAccount } from './fixtures.ts';

test.describe('in a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('the app speaks Spanish, and the switch changes it', async ({ page, request }) => {
    const account = await newAccount(request);
    await openApp(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
    await expect(
      page.getByText('Dígitos escritos a mano, reconocidos en tu propio dispositivo.'),
    ).toBeVisible();

    // The switch lives in Settings: sign in (in Spanish) and use it.
    await page.getByLabel('Usuario').fill(account.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByRole('button', { name: 'Ajustes' }).click();
    const language = page.getByLabel('Idioma');
    await expect(language).toHaveValue('es');

    await language.selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Draw' })).toBeVisible();
    await expect(page.getByText('Handwritten digits, recognised on your own device.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Ajustes' })).toHaveCount(0);

    // The choice outlasts a reload, and switches back.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Draw' })).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('es');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('button', { name: 'Dibujar' })).toBeVisible();
  });
});

test('an English browser gets English', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
