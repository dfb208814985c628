import type { Page } from '@playwright/test';

/**
 * Times, inside the page, from the end of the last stroke (pointerup) to the moment the first
 * answer's digit is in the DOM — no Playwright round trips in between. Call before navigating.
 */
export async function watchStrokeToAnswer(page: Page): Promise<() => Promise<number | undefined>> {
  await page.addInitScript(() => {
    const marks = window as unknown as { cifraStrokeEnd?: number; cifraAnswerShown?: number };
    addEventListener('pointerup', () => (marks.cifraStrokeEnd = performance.now()), true);
    new MutationObserver(() => {
      if (marks.cifraAnswerShown === undefined && document.querySelector('[data-testid="prediction-digit"]'))
        marks.cifraAnswerShown = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  return () =>
    page.evaluate(() => {
      const marks = window as unknown as { cifraStrokeEnd?: number; cifraAnswerShown?: number };
      return marks.cifraStrokeEnd !== undefined && marks.cifraAnswerShown !== undefined
        ? marks.cifraAnswerShown - marks.cifraStrokeEnd
        : undefined;
    });
}
