import { expect, test } from '@playwright/test';

test.describe('in a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('the app speaks Spanish, and the switch changes it', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
    await expect(
      page.getByText('Dígitos escritos a mano, reconocidos en tu propio dispositivo.'),
    ).toBeVisible();
  });
});

test('an English browser gets English', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
