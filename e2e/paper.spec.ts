import { expect, test } from '@playwright/test';
import { loadMnist, paperSet, type PaperItem } from '@cifra/model';
import { newAccount, shownResult, signIn } from './fixtures.ts';

/** Photos of MNIST test digits on notebook paper, from the repo's generator (its own seed). */
const photos: PaperItem[] = [...paperSet(loadMnist('test'), 4, 2027)]
  .filter((item) => item.kind !== 'plain')
  .slice(0, 4);

test('photos of digits on squared and lined notebook paper are read right on the device, and a squared one by /api/predict', async ({
  page,
  request,
}) => {
  expect(photos.map((photo) => photo.kind)).toEqual(['squared', 'lined', 'squared', 'lined']);
  const account = await newAccount(request);

  // The edge first (jpeg-js, the same @cifra/digits preprocessing in workerd), so that its
  // answer is its own and not the shared cache's.
  const login = await request.post('/api/auth/login', { data: account });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const [squared] = photos;
  if (!squared) throw new Error('no squared-paper photo');
  const response = await request.post('/api/predict', {
    headers: { authorization: `Bearer ${accessToken}` },
    multipart: { file: { name: squared.name, mimeType: 'image/jpeg', buffer: Buffer.from(squared.bytes) } },
  });
  expect(response.status(), await response.text()).toBe(200);
  const fromApi = (await response.json()) as { digit: number };
  expect(fromApi.digit).toBe(squared.label);

  // The device: the browser decodes the JPEGs, the inference worker preprocesses them.
  await signIn(page, account);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles(
      photos.map(({ name, bytes }) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.from(bytes) })),
    );
  await expect(page.getByTestId('result')).toHaveCount(photos.length, { timeout: 45_000 });
  const shown = await Promise.all(photos.map((_, index) => shownResult(page, index)));
  expect(shown.map((result) => result.digit)).toEqual(photos.map((photo) => photo.label));
});
