import { expect, test, type Locator, type Page } from '@playwright/test';
import { newAccount, signIn } from './fixtures.ts';

type Point = [number, number];

/** Points along an ellipse from angle `from` to `to` (degrees; y grows downwards, -90 is the top). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 24): Point[] {
  return Array.from({ length: steps + 1 }, (_, step) => {
    const angle = ((from + ((to - from) * step) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)] as Point;
  });
}

/** Straight segments between the points, in small steps (the mouse moves as a hand would). */
function densify(points: Point[], steps = 6): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [x1, y1] = points[i] as Point;
    const [x2, y2] = points[i + 1] as Point;
    for (let s = 0; s < steps; s++) out.push([x1 + ((x2 - x1) * s) / steps, y1 + ((y2 - y1) * s) / steps]);
  }
  out.push(points[points.length - 1] as Point);
  return out;
}

/** Strokes of digits in a 0..1 box, as a person writes them. */
const strokes: Record<'0' | '2' | '6', Point[][]> = {
  // A top arc over to the right, a diagonal down to the left, a base line.
  '2': [[...arc(0.5, 0.33, 0.36, 0.24, 165, 385), [0.12, 0.9], [0.9, 0.9]]],
  // An upright ellipse.
  '0': [arc(0.5, 0.5, 0.34, 0.42, -90, 270, 32)],
  // A stem from the top right curving down to a closed loop at the bottom.
  '6': [
    [[0.72, 0.08], [0.48, 0.22], [0.32, 0.42], [0.22, 0.66], ...arc(0.5, 0.68, 0.28, 0.22, 180, -180, 28)],
  ],
};

/**
 * Writes a number on the wide pad with the mouse, each digit in its own equal share of it. The
 * pad is measured again before each stroke: a status line above it may rewrap meanwhile (the
 * backends' measurement ending) and move it.
 */
async function writeNumber(page: Page, digits: string): Promise<void> {
  const pad = page.getByTestId('drawing-pad');
  for (const [index, digit] of [...digits].entries()) {
    for (const stroke of strokes[digit as keyof typeof strokes]) {
      const box = await pad.boundingBox();
      if (!box) throw new Error('drawing pad not visible');
      // The digit's box: 60 % of its share wide (gaps between digits), 76 % of the pad high.
      const share = box.width / digits.length;
      const left = box.x + share * index + share * 0.2;
      const width = share * 0.6;
      const top = box.y + box.height * 0.12;
      const height = box.height * 0.76;
      const points = densify(stroke).map(([x, y]) => [left + x * width, top + y * height] as const);
      const [first, ...rest] = points;
      if (!first) continue;
      await page.mouse.move(first[0], first[1]);
      await page.mouse.down();
      for (const [x, y] of rest) await page.mouse.move(x, y);
      await page.mouse.up();
    }
  }
}

/** Opens the picker of the digit at `position` (from 1) and presses one of its count changes. */
async function changeCount(
  result: Locator,
  position: number,
  action: 'Two digits' | 'Remove',
): Promise<void> {
  await result
    .getByTestId('number-digit')
    .nth(position - 1)
    .click();
  await result
    .getByRole('group', { name: new RegExp(`^Digit ${position}:`) })
    .getByRole('button', { name: action })
    .click();
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('Number mode: "2026" written on the wide pad reads as 2026, four boxed digits; a digit fixed to 3 makes 2036, marked fixed, and Copy copies it', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  const modes = page.getByRole('group', { name: 'What to read' });
  await modes.getByRole('button', { name: 'Number' }).click();
  await expect(modes.getByRole('button', { name: 'Number' })).toHaveAttribute('aria-pressed', 'true');

  await writeNumber(page, '2026');
  await page.getByRole('button', { name: 'Read', exact: true }).click();

  const result = page.getByTestId('number-result');
  await expect(result.getByTestId('number-value')).toHaveText('2026', { timeout: 45_000 });
  await expect(result.getByTestId('digit-box')).toHaveCount(4);
  await expect(result.getByTestId('number-digit')).toHaveCount(4);
  await expect(page.getByTestId('number-announcement')).toContainText('Read 2026.');
  await expect(result.getByTestId('number-source')).toHaveText(
    /computed on (WASM|WebGL|WebGPU|CPU) in [\d.]+ ms/,
  );
  // Each box sits inside the picture, left to right, one per quarter of the pad.
  const picture = await result.getByRole('img').boundingBox();
  const boxes = await result
    .getByTestId('digit-box')
    .evaluateAll((elements) =>
      elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect),
    );
  if (!picture) throw new Error('picture not shown');
  for (const [index, box] of boxes.entries()) {
    const centre = (box.x + box.width / 2 - picture.x) / picture.width;
    expect(centre, `digit ${index + 1}'s box`).toBeGreaterThan(index / 4);
    expect(centre, `digit ${index + 1}'s box`).toBeLessThan((index + 1) / 4);
  }

  // Fix the third digit: a picker of 0–9 opens on it, 3 replaces it.
  const third = result.getByTestId('number-digit').nth(2);
  await expect(third).toHaveAttribute('data-fixed', 'false');
  await third.click();
  const picker = result.getByRole('group', { name: 'Change digit 3 to' });
  await expect(picker.getByRole('button')).toHaveCount(10);
  await picker.getByRole('button', { name: '3', exact: true }).click();
  await expect(result.getByTestId('number-value')).toHaveText('2036');
  await expect(third).toHaveAttribute('data-fixed', 'true');
  await expect(third).toHaveAccessibleName(/^Digit 3 of 4: 3, fixed by you/);
  await expect(third).toContainText('fixed');
  await expect(picker).toHaveCount(0);
  await expect(third).toBeFocused();

  // By keyboard: Enter opens the picker on the digit as it stands, Escape closes it.
  await page.keyboard.press('Enter');
  await expect(picker.getByRole('button', { name: '3', exact: true })).toBeFocused();
  await expect(picker.getByRole('button', { name: '3', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(third).toBeFocused();

  await result.getByRole('button', { name: 'Copy' }).click();
  await expect(result.getByTestId('copy-status')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('2036');
  await page.screenshot({ path: 'test-results/number.png', fullPage: true });

  // Each digit's answer is in this device's results store under its input hash (the model's
  // answer, not the fix), as a single-digit prediction of that input would be.
  const kept = () =>
    page.evaluate(
      () =>
        new Promise<{ digit: number; inNumber?: boolean; inputHash: string }[]>((resolve, reject) => {
          const open = indexedDB.open('cifra');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('results').objectStore('results').getAll();
            all.onsuccess = () => resolve(all.result);
          };
        }),
    );
  await expect
    .poll(async () => (await kept()).map((row) => row.digit).sort())
    .toEqual(expect.arrayContaining([0, 2, 6]));
  const rows = await kept();
  expect(rows.every((row) => row.inNumber === true && /^[0-9a-f]{64}$/.test(row.inputHash))).toBe(true);
  expect(rows.map((row) => row.digit)).not.toContain(3);

  // The history keeps the number as fixed, not its digits one by one.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history-number')).toHaveText('2036');
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-item')).toContainText('4 digits · 1 fixed');
});

test('Number mode is remembered, its pad spans a 360 px phone screen, and it reads in Spanish', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Number' }).click();
  await page.reload();
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  await expect(page.getByRole('button', { name: 'Number' })).toHaveAttribute('aria-pressed', 'true');

  const pad = await page.getByTestId('drawing-pad').boundingBox();
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  expect(pad?.width).toBeGreaterThan(width - 40);
  expect((pad?.width ?? 0) / (pad?.height ?? 1)).toBeCloseTo(3.5, 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Language').selectOption('es');
  await page.getByRole('button', { name: 'Dibujar', exact: true }).click();
  await expect(
    page.getByRole('group', { name: 'Qué leer' }).getByRole('button', { name: 'Número' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await writeNumber(page, '2026');
  await page.getByRole('button', { name: 'Leer', exact: true }).click();
  await expect(page.getByTestId('number-value')).toHaveText('2026', { timeout: 45_000 });
  await expect(page.getByTestId('number-announcement')).toContainText('Leído: 2026.');
  await expect(page.getByTestId('number-digit').first()).toHaveAccessibleName(
    /^Dígito 1 de 4: 2, \d+ % de confianza/,
  );
  await page.screenshot({ path: 'test-results/number-phone.png', fullPage: true });
});

test('Number mode reads an uploaded picture of a number the same way, boxes over the picture; a digit split in two and one removed fix a wrong count', async ({
  page,
  request,
}) => {
  await signIn(page, await newAccount(request));
  await page.getByRole('button', { name: 'Number' }).click();
  await writeNumber(page, '2026');
  // The pad's own pixels as a PNG file: a picture of a number with known contents.
  const png = await page
    .getByTestId('drawing-pad')
    .evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL('image/png').split(',')[1] ?? '');

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Number' })).toHaveAttribute('aria-pressed', 'true');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'number.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });

  const result = page.getByTestId('number-result');
  await expect(result.getByTestId('number-value')).toHaveText('2026', { timeout: 45_000 });
  await expect(result.getByTestId('digit-box')).toHaveCount(4);
  const picture = await result.locator('img').boundingBox();
  const first = await result.getByTestId('digit-box').first().boundingBox();
  if (!picture || !first) throw new Error('picture or box not shown');
  expect(first.x).toBeGreaterThanOrEqual(picture.x);
  expect(first.x + first.width / 2).toBeLessThan(picture.x + picture.width / 4);
  expect(first.y).toBeGreaterThanOrEqual(picture.y);
  expect(first.y + first.height).toBeLessThanOrEqual(picture.y + picture.height + 1);

  // Two digits read as one: "Two digits" splits the 0 (its box shared left and right), and the
  // picker stays open on the left half to pick it: 1 makes 21026.
  const zeroBox = await result.getByTestId('digit-box').nth(1).boundingBox();
  await changeCount(result, 2, 'Two digits');
  await expect(result.getByTestId('number-value')).toHaveText('20026');
  await expect(result.getByTestId('digit-box')).toHaveCount(5);
  const picker = result.getByRole('group', { name: 'Change digit 2 to' });
  await expect(picker.getByRole('button', { name: '0', exact: true })).toBeFocused();
  await picker.getByRole('button', { name: '1', exact: true }).click();
  await expect(result.getByTestId('number-value')).toHaveText('21026');
  await expect(result.getByTestId('number-digit').nth(1)).toBeFocused();
  const [left, right] = await Promise.all(
    [1, 2].map((index) => result.getByTestId('digit-box').nth(index).boundingBox()),
  );
  if (!zeroBox || !left || !right) throw new Error('boxes not shown');
  expect(left.x).toBeCloseTo(zeroBox.x, 0);
  expect(right.x + right.width).toBeCloseTo(zeroBox.x + zeroBox.width, 0);
  expect(right.x).toBeGreaterThanOrEqual(left.x + left.width - 1);

  // A mark read as a digit that is none: "Remove" takes the 0 out, focus moves to the digit now in its place.
  await changeCount(result, 3, 'Remove');
  await expect(result.getByTestId('number-value')).toHaveText('2126');
  await expect(result.getByTestId('digit-box')).toHaveCount(4);
  await expect(result.getByTestId('number-digit').nth(2)).toBeFocused();
  await expect(result.getByTestId('number-digit').nth(2)).toHaveAccessibleName(/^Digit 3 of 4: 2,/);

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByTestId('history-number')).toHaveText('2126');
  await expect(page.getByTestId('history-item')).toContainText('4 digits · 1 fixed');
});
