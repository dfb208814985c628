/**
 * The built-in MNIST digits of personal fine-tuning (public/personal/anchor-digits.bin): a
 * seeded pick per digit from MNIST's training split, never its test split (that one measures
 * what fine-tuning costs). `npm run anchors -w packages/model` writes the file; a test checks
 * the committed one is what this code makes.
 */
import { readFileSync } from 'node:fs';
import { createRandom } from '@cifra/digits';
import { readAnchorDigits, type AnchorDigits, type LabelledInput } from '@cifra/inference';
import { PIXELS, type MnistSplit } from './mnist.ts';
import { anchorDigitsFile } from './paths.ts';

export interface AnchorSetOptions {
  /** Digits of each class trained beside the person's samples. @default 30 */
  trainPerDigit?: number;
  /** Digits of each class only checked on. @default 30 */
  checkPerDigit?: number;
  /** @default 1310 */
  seed?: number;
}

export function anchorSet(mnistTrain: MnistSplit, options: AnchorSetOptions = {}): AnchorDigits {
  const { trainPerDigit = 30, checkPerDigit = 30, seed = 1310 } = options;
  const random = createRandom(seed);
  const train: LabelledInput[] = [];
  const check: LabelledInput[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const indices: number[] = [];
    for (let i = 0; i < mnistTrain.count; i++) if (mnistTrain.labels[i] === digit) indices.push(i);
    for (let i = 0; i < trainPerDigit + checkPerDigit; i++) {
      const j = i + Math.floor(random() * (indices.length - i));
      [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
      const at = indices[i] as number;
      const sample = { digit, input: mnistTrain.images.slice(at * PIXELS, (at + 1) * PIXELS) };
      (i < trainPerDigit ? train : check).push(sample);
    }
  }
  return { train, check };
}

/** The committed built-in digits, as the app and the CLI use them. */
export function readCommittedAnchors(file = anchorDigitsFile()): AnchorDigits {
  return readAnchorDigits(readFileSync(file));
}
