/**
 * Connected ink components (8-connected) and speck removal: a dust dot or JPEG blotch far
 * from the digit would otherwise stretch the bounding box and shrink the digit.
 */
import type { FloatImage } from './geometry.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Components whose ink mass is below this share of the largest one are specks. */
const SPECK_SHARE = 0.05;

/**
 * Zeroes speck components in place and returns the bounding box of what is left, or null
 * when there is no ink.
 */
export function removeSpecks(ink: FloatImage): Box | null {
  const { width, height, data } = ink;
  const labels = new Int32Array(width * height).fill(-1);
  const masses: number[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < data.length; start++) {
    if ((data[start] as number) <= 0 || (labels[start] as number) >= 0) continue;
    const label = masses.length;
    let mass = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const p = stack[--top] as number;
      mass += data[p] as number;
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const y = py + dy;
        if (y < 0 || y >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          if (x < 0 || x >= width) continue;
          const q = y * width + x;
          if ((data[q] as number) > 0 && (labels[q] as number) < 0) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
      }
    }
    masses.push(mass);
  }
  if (masses.length === 0) return null;
  const largest = Math.max(...masses);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let p = 0; p < data.length; p++) {
    const label = labels[p] as number;
    if (label < 0) continue;
    if ((masses[label] as number) < largest * SPECK_SHARE) {
      data[p] = 0;
      continue;
    }
    const x = p % width;
    const y = (p - x) / width;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
