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
