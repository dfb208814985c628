/**
 * The robustness check set: MNIST test digits re-drawn the way users' pictures look —
 * rendered at 280 px, mostly dark ink on light (tinted) paper, some light on dark, shifted,
 * rotated, rescaled, unevenly lit, noisy, and saved as JPEG (various qualities), PNG or GIF.
 * Deterministic from its seed, so the reported accuracy can be reproduced.
 */
import { createRandom, similarityInverse, uniform, warpAffine, type Random } from '@cifra/digits';
import { encodeGif, encodeJpeg, encodePng, rgbaToGrey } from './encode.ts';
import { PIXELS, type MnistSplit } from './mnist.ts';

export const ROBUSTNESS_SIZE = 280;

export interface RobustnessItem {
  name: string;
  label: number;
  format: 'jpeg' | 'png' | 'gif';
  polarity: 'dark-on-light' | 'light-on-dark';
  bytes: Uint8Array;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function renderDigit(
  pixels: Uint8Array,
  random: Random,
): { rgba: Uint8ClampedArray; polarity: RobustnessItem['polarity'] } {
  const size = ROBUSTNESS_SIZE;
  const src = { width: 28, height: 28, data: Float32Array.from(pixels, (v) => v / 255) };
  // MNIST pixel → 5..9 output pixels; rotation ±15°; centre anywhere within ±45 px.
  const scale = uniform(random, 5, 9);
  const angle = (uniform(random, -15, 15) * Math.PI) / 180;
  const cx = size / 2 + uniform(random, -45, 45);
  const cy = size / 2 + uniform(random, -45, 45);
  // Inverse map from the 280 px canvas to the 28 px digit: undo shift, rotation and scale.
  const inv = similarityInverse(14, 14, angle, scale, cx - 14, cy - 14);
  const ink = warpAffine(src, inv, size, size);
  const polarity = random() < 0.8 ? 'dark-on-light' : 'light-on-dark';
  const light = [uniform(random, 200, 255), uniform(random, 190, 255), uniform(random, 170, 255)];
  const dark = pick(random, [
    [20, 20, 20],
    [25, 35, 120],
    [60, 60, 70],
    [10, 10, 40],
  ]);
  const [paper, pen] = polarity === 'dark-on-light' ? [light, dark] : [dark, light];
  const gradient = uniform(random, -40, 40);
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const v = ink.data[i] as number;
      const light = (gradient * (x + y)) / (2 * size);
      const noise = (random() - 0.5) * 16;
      for (let c = 0; c < 3; c++) {
        rgba[i * 4 + c] = ((paper[c] as number) + light) * (1 - v) + (pen[c] as number) * v + noise;
      }
      rgba[i * 4 + 3] = 255;
    }
  }
  return { rgba, polarity };
}

/** `count` items drawn from the test split (indices spread by the seed). */
export function* robustnessSet(test: MnistSplit, count: number, seed = 2026): Generator<RobustnessItem> {
  const random = createRandom(seed);
  for (let k = 0; k < count; k++) {
    const index = Math.floor(random() * test.count);
    const label = test.labels[index] as number;
    const { rgba, polarity } = renderDigit(
      test.images.subarray(index * PIXELS, (index + 1) * PIXELS),
      random,
    );
    const roll = random();
    const size = ROBUSTNESS_SIZE;
    const base = `${String(k).padStart(4, '0')}-mnist${index}-label${label}`;
    if (roll < 0.5) {
      const quality = Math.round(uniform(random, 30, 90));
      yield {
        name: `${base}-q${quality}.jpg`,
        label,
        format: 'jpeg',
        polarity,
        bytes: encodeJpeg(rgba, size, size, quality),
      };
    } else if (roll < 0.8) {
      yield { name: `${base}.png`, label, format: 'png', polarity, bytes: encodePng(rgba, size, size) };
    } else {
      yield {
        name: `${base}.gif`,
        label,
        format: 'gif',
        polarity,
        bytes: encodeGif(rgbaToGrey(rgba), size, size),
      };
    }
  }
}
