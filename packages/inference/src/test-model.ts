/** Test helper (Node only): the committed model's files, read from public/model. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelManifest } from '@cifra/contracts';
import { synthetic, toModelInput } from '@cifra/digits';
import type { ModelFiles } from './model-files.ts';

const modelRoot = resolve(import.meta.dirname, '../../../public/model');

export function committedModel(): ModelFiles {
  const { manifest: manifestPath } = JSON.parse(readFileSync(join(modelRoot, 'current.json'), 'utf8')) as {
    manifest: string;
  };
  const manifest = JSON.parse(readFileSync(join(modelRoot, manifestPath), 'utf8')) as ModelManifest;
  const dir = join(modelRoot, manifest.version);
  return {
    manifest,
    files: new Map(
      manifest.files.map((file) => [file.path, new Uint8Array(readFileSync(join(dir, file.path)))]),
    ),
  };
}

type Strokes = synthetic.Point[][];
const strokes: Strokes[] = [
  [synthetic.ring()],
  [
    [
      [0.45, 0.15],
      [0.55, 0.05],
      [0.55, 0.95],
    ],
  ],
  [
    [
      [0.2, 0.25],
      [0.5, 0.05],
      [0.8, 0.25],
      [0.2, 0.95],
      [0.85, 0.95],
    ],
  ],
  [
    [
      [0.6, 0.05],
      [0.15, 0.65],
      [0.85, 0.65],
    ],
    [
      [0.6, 0.05],
      [0.6, 0.95],
    ],
  ],
  synthetic.seven,
];

/** Pen-drawn digits (0, 1, 2, 4, 7) at several thicknesses, as the app would feed them. */
export function sampleInputs(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, n) => {
    const picture = synthetic.drawStrokes({
      width: 120,
      height: 120,
      strokes: strokes[n % strokes.length] as Strokes,
      thickness: 6 + (n % 4) * 3,
    });
    return toModelInput(picture).pixels;
  });
}

/** The committed built-in digits of personal fine-tuning (public/personal). */
export function committedAnchorBytes(): Uint8Array {
  return new Uint8Array(readFileSync(resolve(modelRoot, '../personal/anchor-digits.bin')));
}

type Point = synthetic.Point;
const along = (stroke: Point[], steps = 8): Point[] =>
  stroke.flatMap((point, i) => {
    const next = stroke[i + 1];
    if (!next) return [point];
    return Array.from(
      { length: steps },
      (_, s) =>
        [
          point[0] + ((next[0] - point[0]) * s) / steps,
          point[1] + ((next[1] - point[1]) * s) / steps,
        ] as Point,
    );
  });

/**
 * A 1 with a long flag, as many Europeans write it: the committed model reads it as 7. `shift`
 * moves it, `lift` raises the flag's start, so samples differ as a person's do.
 */
export function flaggedOne(shift: Point = [0, 0], lift = 0): Uint8Array {
  const [dx, dy] = shift;
  const stroke: Point[] = [
    [0.27 + dx, 0.38 + dy - lift],
    [0.58 + dx, 0.18 + dy],
    [0.56 + dx, 0.88 + dy],
  ];
  return toModelInput(
    synthetic.drawStrokes({ width: 280, height: 280, strokes: [along(stroke)], thickness: 20 }),
  ).pixels;
}

/** A plain 7 (bar and stem), which the committed model reads right. */
export function plainSeven(shift: Point = [0, 0]): Uint8Array {
  const [dx, dy] = shift;
  const stroke: Point[] = [
    [0.25 + dx, 0.2 + dy],
    [0.75 + dx, 0.2 + dy],
    [0.45 + dx, 0.85 + dy],
  ];
  return toModelInput(
    synthetic.drawStrokes({ width: 280, height: 280, strokes: [along(stroke)], thickness: 20 }),
  ).pixels;
}
