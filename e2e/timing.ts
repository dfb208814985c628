import type { Page } from '@playwright/test';

/**
 * Page-side marks (performance.now(), from navigation start), kept in `window.cifraMarks`:
 * `pad`, `ready` and `digit` when the drawing pad, the ready model and the first digit appear
 * in the DOM, and `strokeEnd` at the last pointerup. Plain JS text, so no transpiler helper
 * can leak into the page.
 */
export const pageMarksScript = `(() => {
  const marks = (window.cifraMarks = {});
  addEventListener('pointerup', () => (marks.strokeEnd = performance.now()), true);
  const look = () => {
    if (marks.pad === undefined && document.querySelector('[data-testid="drawing-pad"]')) marks.pad = performance.now();
    if (marks.ready === undefined && document.querySelector('[data-testid="model-status"][data-state="ready"]'))
      marks.ready = performance.now();
    if (marks.digit === undefined && document.querySelector('[data-testid="prediction-digit"]')) marks.digit = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

export interface PageMarks {
  pad?: number;
  ready?: number;
  digit?: number;
  strokeEnd?: number;
}

export function readPageMarks(page: Page): Promise<PageMarks> {
  return page.evaluate('window.cifraMarks ?? {}') as Promise<PageMarks>;
}

/**
 * Times, inside the page, from the end of the last stroke (pointerup) to the moment the first
 * answer's digit is in the DOM — no Playwright round trips in between. Call before navigating.
 */
export async function watchStrokeToAnswer(page: Page): Promise<() => Promise<number | undefined>> {
  await page.addInitScript({ content: pageMarksScript });
  return async () => {
    const { strokeEnd, digit } = await readPageMarks(page);
    return strokeEnd !== undefined && digit !== undefined ? digit - strokeEnd : undefined;
  };
}
