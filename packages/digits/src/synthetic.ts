/**
 * Synthetic pen strokes for tests: thick anti-aliased polylines rendered into a picture of
 * any size, polarity and background. Not exported from the package entry.
 */
import type { PixelImage } from './image.ts';

export type Point = readonly [number, number];

export interface DrawOptions {
  width: number;
  height: number;
  /** Strokes in unit coordinates (0..1 of the picture's shorter side, offset by `at`). */
  strokes: Point[][];
  thickness: number;
  /** Where the unit square's top-left goes, in pixels, and how many pixels it spans. */
  at?: Point;
  size?: number;
  ink?: readonly [number, number, number];
  paper?: readonly [number, number, number];
  /** Per-pixel paper brightness change across x (for uneven lighting), in grey levels. */
  gradient?: number;
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len));
  return Math.hypot(px - (a[0] + t * dx), py - (a[1] + t * dy));
}

/** RGBA picture of the strokes. */
export function drawStrokes(o: DrawOptions): PixelImage {
  const size = o.size ?? Math.min(o.width, o.height);
  const [ox, oy] = o.at ?? [(o.width - size) / 2, (o.height - size) / 2];
  const ink = o.ink ?? [0, 0, 0];
  const paper = o.paper ?? [255, 255, 255];
  const segments: [Point, Point][] = [];
  for (const stroke of o.strokes) {
    for (let i = 1; i < stroke.length; i++) {
      const a = stroke[i - 1] as Point;
      const b = stroke[i] as Point;
      segments.push([
        [ox + a[0] * size, oy + a[1] * size],
        [ox + b[0] * size, oy + b[1] * size],
      ]);
    }
  }
  const data = new Uint8ClampedArray(o.width * o.height * 4);
  const radius = o.thickness / 2;
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) {
      let d = Infinity;
      for (const [a, b] of segments) d = Math.min(d, distanceToSegment(x + 0.5, y + 0.5, a, b));
      const cover = Math.max(0, Math.min(1, radius - d + 0.5));
      const shade = ((o.gradient ?? 0) * x) / o.width;
      const p = (y * o.width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const ground = (paper[c] as number) - shade;
        data[p + c] = ground * (1 - cover) + (ink[c] as number) * cover;
      }
      data[p + 3] = 255;
    }
  }
  return { width: o.width, height: o.height, data, channels: 4 };
}

/** A ring ("0") and a hooked stroke ("7") in unit coordinates. */
export function ring(steps = 48): Point[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = (i / steps) * 2 * Math.PI;
    return [0.5 + 0.28 * Math.cos(t), 0.5 + 0.42 * Math.sin(t)] as Point;
  });
}

export const seven: Point[][] = [
  [
    [0.2, 0.1],
    [0.8, 0.1],
    [0.45, 0.9],
  ],
];
