import { randomUUID } from 'node:crypto';
import {
  errors,
  expect,
  test,
  type APIRequestContext,
  type Page,
  type Request,
  type Response,
} from '@playwright/test';
import { startStack, type Stack } from '../scripts/lib/stack.ts';

export const password = 'e2e correct horse battery';

/** A fresh account, registered through the real API. */
export async function newAccount(
  request: APIRequestContext,
): Promise<{ username: string; password: string }> {
  const username = `e2e-${randomUUID().slice(0, 12)}`;
  const response = await request.post('/api/auth/register', { data: { username, password } });
  expect(response.status(), await response.text()).toBe(201);
  return { username, password };
}

/** Fills the sign-in form on the current page and submits it. */
export async function submitSignInForm(
  page: Page,
  account: { username: string; password: string },
): Promise<void> {
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** How long one navigation may take to reach `load` before it counts as stalled. */
const NAVIGATION_STALL_MS = 25_000;

/**
 * Opens a page of the app and waits for its `load` event. Once in a long while (one navigation
 * in several thousand runs, never reproduced on demand), a navigation on the shared e2e stack
 * never reached `load` and the test timed out with nothing to go on. A stalled navigation is
 * reported with the requests still open, and tried once more: the app, not wrangler dev's local
 * proxy, is what these tests are about. A second stall fails the test. Returns the page's
 * response.
 */
export async function openApp(
  page: Page,
  path = '/',
  stallMs = NAVIGATION_STALL_MS,
): Promise<Response | null> {
  const open = new Set<Request>();
  const started = (request: Request) => open.add(request);
  const ended = (request: Request) => open.delete(request);
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    return await page.goto(path, { timeout: stallMs });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    const pending = [...open].map((request) => `${request.method()} ${request.url()}`);
    console.warn(`navigation to ${path} stalled; still open: ${pending.join(', ') || 'none'}; trying again`);
    // The stall used time the test needs: the retry gets its own.
    test.info().setTimeout(test.info().timeout + stallMs);
    // Leave the stalled navigation first: a new one on top of it is aborted by Chromium.
    await page.goto('about:blank');
    return await page.goto(path, { timeout: stallMs });
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}

/** Signs in through the form and waits until the model is on the device. */
export async function signIn(
  page: Page,
  account: { username: string; password: string },
  path = '/',
): Promise<void> {
  await openApp(page, path);
  await submitSignInForm(page, account);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
}

/**
 * Signs out with the header button, answering the sign-out dialog: keep this user's data on the
 * device, or remove it.
 */
export async function signOut(page: Page, data: 'keep' | 'remove'): Promise<void> {
  await page.getByRole('button', { name: /^Sign out \(/ }).click();
  const dialog = page.getByTestId('sign-out-dialog');
  await dialog
    .getByRole('button', {
      name: data === 'keep' ? 'Keep my data and sign out' : 'Remove my data and sign out',
    })
    .click();
  await expect(page.getByLabel('Username')).toBeVisible();
}

export type Stroke = [number, number][];

/** Strokes of a few digits in a 0..1 box, drawn like a person would. */
const digitStrokes: Record<number, Stroke[]> = {
  1: [
    [
      [0.42, 0.25],
      [0.55, 0.15],
      [0.55, 0.85],
    ],
  ],
  7: [
    [
      [0.25, 0.2],
      [0.75, 0.2],
      [0.45, 0.85],
    ],
  ],
  0: [
    Array.from(
      { length: 25 },
      (_, step) =>
        [
          0.5 + 0.22 * Math.sin((step / 24) * 2 * Math.PI),
          0.5 - 0.32 * Math.cos((step / 24) * 2 * Math.PI),
        ] as [number, number],
    ),
  ],
};

/** Interpolates a stroke into small steps. */
function densify(stroke: Stroke, steps = 8): Stroke {
  const points: Stroke = [];
  for (let i = 0; i < stroke.length - 1; i++) {
    const [x1, y1] = stroke[i] as [number, number];
    const [x2, y2] = stroke[i + 1] as [number, number];
    for (let s = 0; s < steps; s++) points.push([x1 + ((x2 - x1) * s) / steps, y1 + ((y2 - y1) * s) / steps]);
  }
  points.push(stroke[stroke.length - 1] as [number, number]);
  return points;
}

/** Draws strokes (in the pad's 0..1 box) with mouse events. */
export async function drawStrokesWithMouse(page: Page, strokes: Stroke[]): Promise<void> {
  const pad = page.getByTestId('drawing-pad');
  const box = await pad.boundingBox();
  if (!box) throw new Error('drawing pad not visible');
  for (const stroke of strokes) {
    const points = densify(stroke);
    const [first] = points;
    if (!first) continue;
    await page.mouse.move(box.x + first[0] * box.width, box.y + first[1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1))
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
    await page.mouse.up();
  }
}

/** Draws a digit on the pad with mouse events. */
export async function drawWithMouse(page: Page, digit: 0 | 1 | 7): Promise<void> {
  await drawStrokesWithMouse(page, digitStrokes[digit] ?? []);
}

/**
 * A 1 with a long flag, as many Europeans write it (the committed model reads it as 7), moved
 * by `shift` and with its flag's start raised by `lift`, so samples differ as a person's do.
 */
export function flaggedOne([dx, dy]: [number, number] = [0, 0], lift = 0): Stroke[] {
  return [
    [
      [0.27 + dx, 0.38 + dy - lift],
      [0.58 + dx, 0.18 + dy],
      [0.56 + dx, 0.88 + dy],
    ],
  ];
}

/** Draws a digit with real touch events (CDP), as a finger on a phone would. */
export async function drawWithTouch(page: Page, digit: 0 | 1 | 7): Promise<void> {
  const pad = page.getByTestId('drawing-pad');
  const box = await pad.boundingBox();
  if (!box) throw new Error('drawing pad not visible');
  const cdp = await page.context().newCDPSession(page);
  for (const stroke of digitStrokes[digit] ?? []) {
    const points = densify(stroke).map(([x, y]) => ({ x: box.x + x * box.width, y: box.y + y * box.height }));
    const [first, ...rest] = points;
    if (!first) continue;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [first] });
    for (const point of rest)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

/** The shown answer of the (first) result card. */
export async function shownResult(page: Page, index = 0) {
  const card = page.getByTestId('result').nth(index);
  await expect(card.getByTestId('prediction-digit')).toBeVisible({ timeout: 45_000 });
  return {
    digit: Number(await card.getByTestId('prediction-digit').textContent()),
    probability: Number(await card.getByTestId('prediction-probability').getAttribute('data-value')),
    source: await card.getByTestId('prediction-source').getAttribute('data-source'),
    badge: await card.getByTestId('prediction-source').textContent(),
  };
}

/**
 * A stack of this describe block's own (free port, the given Worker vars), started before its
 * tests and stopped after them: for tests that need settings the shared e2e stack does not have.
 * Call inside `test.describe`; read the stack in the tests through the returned getter.
 */
export function useOwnStack(vars: string[]): () => Stack {
  let stack: Stack | undefined;
  test.beforeAll(async () => {
    stack = await startStack({ port: 0, vars, log: () => {} });
  });
  test.afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('the stack of this describe block has not started');
    return stack;
  };
}
