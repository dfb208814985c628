/**
 * Whether this device contributes to the shared cache. A contribution sends the 28x28 grey
 * model input of a digit (784 bytes, never the picture) and the digit read here; the edge runs
 * its own model on it and shares only its own answer. On by default; Settings switches it off.
 */
const storageKey = 'cifra:contribute';

export function contributesToSharedCache(): boolean {
  return localStorage.getItem(storageKey) !== 'off';
}

export function setContributesToSharedCache(on: boolean): void {
  localStorage.setItem(storageKey, on ? 'on' : 'off');
}
