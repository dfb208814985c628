/**
 * toModelInput: any picture of one digit → the 28x28 MNIST-convention input. One function
 * for training checks, the app, the edge and the CLI, so what is tested is what runs.
 *
 * MNIST's convention (LeCun et al.): bright ink on black, the digit's longest side scaled to
 * 20 px (anti-aliased, aspect kept), placed in 28x28 so its centre of mass is at the centre.
 */
import { removeSpecks, type Box } from './components.ts';
import { NoInkError } from './errors.ts';
import type { PixelImage } from './image.ts';
import { inkMap } from './ink.ts';
import { INPUT_BYTES, inkToInput, toOriginalBox, workingLuma } from './digit-input.ts';

export { INPUT_SIZE, DIGIT_BOX, INPUT_BYTES } from './digit-input.ts';
/** Pictures are first reduced to this longest side: the output has 20 px, and connected
 * components over a 12-megapixel photo would cost seconds for nothing. */
const WORKING_SIZE = 512;

export interface ModelInput {
  /** 784 bytes, row-major, 0 background .. 255 ink: what is hashed and cached. */
  pixels: Uint8Array;
  /** The same bytes / 255, shaped for a [1, 28, 28, 1] tensor. */
  floats: Float32Array;
  /** Where the ink was, in the original picture's pixels. */
  box: Box;
  /** True when the picture was dark ink on light ground (and so was inverted). */
  inverted: boolean;
}

export function toModelInput(image: PixelImage): ModelInput {
  warmUpOnce();
  return preprocess(image);
}

function preprocess(image: PixelImage): ModelInput {
  const { luma, shrink } = workingLuma(image, WORKING_SIZE);
  const { ink, inverted } = inkMap(luma);
  const box = removeSpecks(ink);
  if (!box) throw new NoInkError();
  const pixels = inkToInput(ink, box);
  const floats = new Float32Array(INPUT_BYTES);
  for (let i = 0; i < INPUT_BYTES; i++) floats[i] = (pixels[i] as number) / 255;
  return { pixels, floats, box: toOriginalBox(box, shrink, image), inverted };
}

/**
 * Why the first call first preprocesses three tiny pictures: V8 in Node 20 (11.3) compiles a
 * long loop while it first runs (on-stack replacement), before the code after the loop has
 * ever run. That code then deoptimises for want of type feedback, yet the cached loop code is
 * entered, and deoptimised, again on later calls, which so run largely interpreted: 2.2-2.6 ms
 * instead of 1.95 ms per 280 px picture, varying from one process to the next. The tiny
 * pictures run every path with short loops, so each line has feedback before anything is
 * compiled. Costs a few milliseconds once per process; harmless where V8 behaves.
 */
let warmedUp = false;

function warmUpOnce(): void {
  if (warmedUp) return;
  warmedUp = true;
  // Fixed pictures with clear ink: they cannot throw, and every test's first call runs them.
  for (let round = 0; round < 2; round++) for (const picture of warmUpPictures()) preprocess(picture);
}

/** A 16 px dark "L" with soft edges and a speck on slightly uneven paper, as RGBA (one pixel
 * transparent), and its negative as RGB and grey: both polarities, every channel layout. */
function warmUpPictures(): PixelImage[] {
  const size = 16;
  const grey = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const stroke = (x >= 4 && x <= 6 && y >= 3 && y <= 12) || (x >= 4 && x <= 11 && y >= 10 && y <= 12);
      const edge = x >= 3 && x <= 12 && y >= 2 && y <= 13;
      const speck = x === 14 && y === 1;
      grey[y * size + x] = stroke
        ? 30 + ((x * 7 + y * 3) % 20)
        : speck
          ? 60
          : edge
            ? 150
            : 235 - x + ((x * y) % 5);
    }
  }
  const rgba = new Uint8ClampedArray(size * size * 4);
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i] as number;
    rgba.set([v, v, v, i === 0 ? 0 : 255], i * 4);
    rgb.set([255 - v, 255 - v, 255 - v], i * 3);
  }
  return [
    { width: size, height: size, data: rgba, channels: 4 },
    { width: size, height: size, data: rgb, channels: 3 },
    { width: size, height: size, data: grey.map((v) => 255 - v), channels: 1 },
  ];
}
