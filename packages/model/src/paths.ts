/** Paths inside the repository, independent of the working directory a script runs from. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageRoot, '..', '..');

export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts);
}

export function publicModelDir(): string {
  return join(repoRoot, 'public', 'model');
}

/** The built-in MNIST digits personal fine-tuning trains beside (served as a static file). */
export function anchorDigitsFile(): string {
  return join(repoRoot, 'public', 'personal', 'anchor-digits.bin');
}
