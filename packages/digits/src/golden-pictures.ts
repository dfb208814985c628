/**
 * A fixed, varied set of pictures for the toModelInput golden test (to-model-input.golden.test.ts):
 * sizes from 28 px to multi-megapixel, both polarities, coloured and uneven paper, thin and
 * thick strokes, seeded noise and specks. Everything is deterministic; not exported from the
 * package entry.
 */
import { DigitsError } from './errors.ts';
import type { PixelImage } from './image.ts';
import { inputHash } from './input-hash.ts';
import { createRandom } from './random.ts';
import { drawStrokes, ring, seven, type DrawOptions, type Point } from './synthetic.ts';
import { toModelInput } from './to-model-input.ts';

export interface GoldenPicture {
  name: string;
  picture: PixelImage;
}

/** Adds seeded noise of ±amplitude/2 grey levels: the same to R, G and B, or per channel. */
function withNoise(image: PixelImage, seed: number, amplitude: number, perChannel = false): PixelImage {
  const data = Uint8ClampedArray.from(image.data);
  const random = createRandom(seed);
  for (let p = 0; p < data.length; p += 4) {
    const shared = (random() - 0.5) * amplitude;
    for (let c = 0; c < 3; c++) {
      const n = perChannel ? (random() - 0.5) * amplitude : shared;
      data[p + c] = (data[p + c] as number) + n;
    }
  }
  return { ...image, data };
}

/** Paints square specks (RGB value `shade`) at seeded places with sides 1..maxSide px. */
function withSpecks(
  image: PixelImage,
  seed: number,
  count: number,
  maxSide: number,
  shade: number,
): PixelImage {
  const data = Uint8ClampedArray.from(image.data);
  const random = createRandom(seed);
  for (let s = 0; s < count; s++) {
    const side = 1 + Math.floor(random() * maxSide);
    const x0 = Math.floor(random() * (image.width - side));
    const y0 = Math.floor(random() * (image.height - side));
    for (let y = y0; y < y0 + side; y++) {
      for (let x = x0; x < x0 + side; x++)
        data.fill(shade, (y * image.width + x) * 4, (y * image.width + x) * 4 + 3);
    }
  }
  return { ...image, data };
}

/** A big photo-like picture, cheaply: a small drawing upscaled (nearest) with fresh noise. */
function bigPhoto(small: PixelImage, factor: number, channels: 1 | 3, seed: number): PixelImage {
  const width = small.width * factor;
  const height = small.height * factor;
  const data = new Uint8ClampedArray(width * height * channels);
  const random = createRandom(seed);
  for (let y = 0; y < height; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < width; x++) {
      const s = (sy * small.width + Math.floor(x / factor)) * 4;
      const n = (random() - 0.5) * 30;
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = (small.data[s + c] as number) + n;
    }
  }
  return { width, height, data, channels };
}

/** RGBA → 1 or 3 channels (R, or R G B), dropping alpha. */
function dropAlpha(image: PixelImage, channels: 1 | 3): PixelImage {
  const pixels = image.width * image.height;
  const data = new Uint8Array(pixels * channels);
  for (let i = 0; i < pixels; i++)
    for (let c = 0; c < channels; c++) data[i * channels + c] = image.data[i * 4 + c] as number;
  return { width: image.width, height: image.height, data };
}

/** The same bytes as a view starting one byte into a bigger buffer. */
function unaligned(data: Uint8ClampedArray): Uint8ClampedArray {
  const buffer = new Uint8ClampedArray(data.length + 1);
  buffer.set(data, 1);
  return buffer.subarray(1);
}

const four: Point[][] = [
  [
    [0.6, 0.9],
    [0.6, 0.1],
    [0.15, 0.65],
    [0.85, 0.65],
  ],
];

export function goldenPictures(): GoldenPicture[] {
  const draw = (o: Partial<DrawOptions> & Pick<DrawOptions, 'width' | 'height' | 'thickness'>): PixelImage =>
    drawStrokes({ strokes: seven, ...o });
  const ring200: DrawOptions = { width: 200, height: 200, strokes: [ring()], thickness: 16 };
  const transparent = Uint8ClampedArray.from(drawStrokes(ring200).data);
  for (let p = 0; p < transparent.length; p += 4)
    if (transparent[p] === 255) transparent.set([0, 0, 0, 0], p);
  const strip = new Uint8Array(5000).fill(255);
  strip.fill(0, 2000, 3000);
  const faint = drawStrokes({ ...ring200, ink: [245, 245, 245] });
  return [
    { name: 'seven 28 thin', picture: draw({ width: 28, height: 28, thickness: 2 }) },
    { name: 'ring 28 thick', picture: drawStrokes({ ...ring200, width: 28, height: 28, thickness: 5 }) },
    { name: 'ring 12 tiny', picture: drawStrokes({ ...ring200, width: 12, height: 12, thickness: 1.2 }) },
    { name: 'seven 280 thick', picture: draw({ width: 280, height: 280, thickness: 22 }) },
    { name: 'seven 280 thin', picture: draw({ width: 280, height: 280, thickness: 3 }) },
    { name: 'four 280', picture: draw({ width: 280, height: 280, strokes: four, thickness: 18 }) },
    { name: 'ring 200', picture: drawStrokes(ring200) },
    {
      name: 'ring 200 light on dark',
      picture: drawStrokes({ ...ring200, ink: [240, 240, 240], paper: [20, 20, 20] }),
    },
    {
      name: 'ring 200 blue on yellow',
      picture: drawStrokes({ ...ring200, ink: [30, 40, 160], paper: [250, 230, 120] }),
    },
    {
      name: 'ring 200 dark on grey',
      picture: drawStrokes({ ...ring200, ink: [60, 60, 60], paper: [140, 140, 140] }),
    },
    {
      name: 'ring 200 light on grey',
      picture: drawStrokes({ ...ring200, ink: [230, 230, 230], paper: [120, 120, 120] }),
    },
    { name: 'ring 200 grey channel', picture: dropAlpha(drawStrokes(ring200), 1) },
    { name: 'ring 200 rgb', picture: dropAlpha(drawStrokes({ ...ring200, paper: [240, 250, 200] }), 3) },
    { name: 'ring 200 transparent', picture: { width: 200, height: 200, data: transparent, channels: 4 } },
    {
      // RGBA bytes not starting on a 4-byte boundary (a view into a bigger buffer).
      name: 'ring 200 transparent unaligned',
      picture: { width: 200, height: 200, data: unaligned(transparent), channels: 4 },
    },
    {
      name: 'seven 280 gradient 110',
      picture: draw({ width: 280, height: 280, thickness: 22, gradient: 110 }),
    },
    {
      name: 'four 300 light on dark gradient',
      picture: draw({
        width: 300,
        height: 300,
        strokes: four,
        thickness: 20,
        ink: [250, 250, 250],
        paper: [90, 90, 90],
        gradient: 60,
      }),
    },
    { name: 'seven 300 noise', picture: withNoise(draw({ width: 300, height: 300, thickness: 18 }), 7, 40) },
    {
      name: 'seven 300 colour noise specks',
      picture: withSpecks(
        withNoise(draw({ width: 300, height: 300, thickness: 18, gradient: 50 }), 11, 70, true),
        3,
        12,
        5,
        0,
      ),
    },
    {
      name: 'ring 400 many specks light on dark',
      picture: withSpecks(
        drawStrokes({
          ...ring200,
          strokes: [ring(16)],
          width: 400,
          height: 400,
          thickness: 30,
          ink: [255, 255, 255],
          paper: [0, 0, 0],
        }),
        5,
        60,
        8,
        255,
      ),
    },
    { name: 'seven 37x53 odd', picture: draw({ width: 37, height: 53, thickness: 4 }) },
    {
      name: 'ring 600x400 off centre',
      picture: drawStrokes({
        ...ring200,
        strokes: [ring(16)],
        width: 600,
        height: 400,
        at: [420, 210],
        size: 170,
        thickness: 13.6,
      }),
    },
    {
      name: 'seven 513x300 just over',
      picture: withNoise(draw({ width: 513, height: 300, thickness: 25 }), 13, 20),
    },
    {
      name: 'seven 1000 gradient',
      picture: draw({ width: 1000, height: 1000, thickness: 80, gradient: 40 }),
    },
    {
      name: 'seven 1200x700 thin',
      picture: withNoise(draw({ width: 1200, height: 700, thickness: 4 }), 17, 24),
    },
    {
      name: 'ring 1200 light on dark',
      picture: drawStrokes({
        ...ring200,
        strokes: [ring(12)],
        width: 1200,
        height: 1200,
        thickness: 60,
        ink: [220, 220, 220],
        paper: [30, 30, 30],
      }),
    },
    {
      name: 'photo 1600x2200 rgb',
      picture: bigPhoto(draw({ width: 200, height: 275, thickness: 14, gradient: 80 }), 8, 3, 19),
    },
    {
      name: 'photo 2000x2600 grey',
      picture: bigPhoto(
        draw({ width: 250, height: 325, strokes: four, thickness: 12, paper: [200, 200, 200] }),
        8,
        1,
        23,
      ),
    },
    { name: 'strip 1x5000', picture: { width: 1, height: 5000, data: strip } },
    { name: 'faint ring', picture: faint },
    {
      name: 'noise only',
      picture: withNoise(draw({ width: 100, height: 100, thickness: 10, ink: [255, 255, 255] }), 29, 20),
    },
  ];
}

/** What toModelInput made of a picture, in one line: polarity, box and SHA-256 of the 784 bytes,
 * or the error code it threw. */
export async function goldenOutcome(picture: PixelImage): Promise<string> {
  try {
    const { pixels, box, inverted } = toModelInput(picture);
    return `${inverted ? 'inverted' : 'upright'} ${box.x},${box.y} ${box.width}x${box.height} ${await inputHash(pixels)}`;
  } catch (error) {
    if (error instanceof DigitsError) return `throws ${error.code}`;
    throw error;
  }
}
