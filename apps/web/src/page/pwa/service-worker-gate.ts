/**
 * When the service worker may register. Its install downloads the whole app shell (the
 * precache); on a first visit over a slow link that would compete with the model and the WASM
 * backend for bandwidth, so it waits until the model is ready (or failed), until the page is
 * signed out — or, at the latest, `fallbackMs` after the page loaded.
 */
const fallbackMs = 15_000;

let allow: () => void = () => {};
const allowed = new Promise<void>((resolve) => {
  allow = resolve;
  setTimeout(resolve, fallbackMs);
});

export function allowServiceWorker(): void {
  allow();
}

export function whenServiceWorkerAllowed(): Promise<void> {
  return allowed;
}
