import { backendNames, type BackendChoice } from '../../shared/inference-protocol.ts';

const storageKey = 'cifra:backend';

function parse(value: string | null): BackendChoice | undefined {
  return value === 'auto' || backendNames.includes(value as never) ? (value as BackendChoice) : undefined;
}

/** `?backend=` (tests, support) wins over the saved setting; the default is auto. */
export function initialBackendChoice(): BackendChoice {
  return (
    parse(new URLSearchParams(location.search).get('backend')) ??
    parse(localStorage.getItem(storageKey)) ??
    'auto'
  );
}

export function saveBackendChoice(choice: BackendChoice): void {
  localStorage.setItem(storageKey, choice);
}
