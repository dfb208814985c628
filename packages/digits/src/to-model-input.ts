/**
 * toModelInput: any picture of one digit → the 28x28 MNIST-convention input. One function
 * for training checks, the app, the edge and the CLI, so what is tested is what runs.
 *
 * MNIST's convention (LeCun et al.): bright ink on black, the digit's longest side scaled to
 * 20 px (anti-aliased, aspect kept), placed in 28x28 so its centre of mass is at the centre.
 */
import { removeSpecks, type Box } from './components.ts';
import { NoInkError } from './errors.ts';
import { centreOfMass, type FloatImage } from './geometry.ts';
import { channelsOf, toLuma, type PixelImage } from './image.ts';
import { lumaInto } from './luma.ts';
import { inkMap } from './ink.ts';
import { resizeArea, resizeAreaRows } from './resample.ts';

export const INPUT_SIZE = 28;
export const DIGIT_BOX = 20;
export const INPUT_BYTES = INPUT_SIZE * INPUT_SIZE;
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
  const shrink = Math.max(image.width, image.height) / WORKING_SIZE;
  const luma = shrink > 1 ? reducedLuma(image, shrink) : toLuma(image);
  const { ink, inverted } = inkMap(luma);
  const box = removeSpecks(ink);
  if (!box) throw new NoInkError();
  const longest = Math.max(box.width, box.height);
  const scaled = resizeArea(
    cropTo(ink, box),
    Math.max(1, Math.round((box.width * DIGIT_BOX) / longest)),
    Math.max(1, Math.round((box.height * DIGIT_BOX) / longest)),
  );
  const pixels = placeByMass(scaled);
  const floats = new Float32Array(INPUT_BYTES);
  for (let i = 0; i < INPUT_BYTES; i++) floats[i] = (pixels[i] as number) / 255;
  const back = shrink > 1 ? shrink : 1;
  const originalBox: Box = {
    x: Math.floor(box.x * back),
    y: Math.floor(box.y * back),
    width: Math.min(image.width, Math.ceil(box.width * back)),
    height: Math.min(image.height, Math.ceil(box.height * back)),
  };
  return { pixels, floats, box: originalBox, inverted };
}

/**
 * Luma of a big picture reduced by `shrink` to the working size, computed a row at a time
 * straight into the resize: a 12-megapixel photo never becomes a 48 MB float image. The same
 * values as toLuma followed by resizeArea.
 */
function reducedLuma(image: PixelImage, shrink: number): FloatImage {
  const channels = channelsOf(image);
  const row = new Float32Array(image.width);
  return resizeAreaRows(
    image.width,
    image.height,
    (y) => {
      lumaInto(image, channels, y * image.width, image.width, row);
      return row;
    },
    Math.max(1, Math.round(image.width / shrink)),
    Math.max(1, Math.round(image.height / shrink)),
  );
}

function cropTo(img: FloatImage, box: Box): FloatImage {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const row = (box.y + y) * img.width + box.x;
    out.set(img.data.subarray(row, row + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data: out };
}

/**
 * Integer placement (as MNIST did) putting the centre of mass nearest to pixel (14, 14).
 * MNIST's mean centre of mass is at pixel index 14.0 (measured over its 10k test digits), i.e.
 * 14.5 in centreOfMass's pixel-centre coordinates; aiming at 14.0 there shifted re-processed
 * MNIST digits by a pixel (mean abs difference 14.9 instead of ~3 per byte).
 */
const MASS_TARGET = INPUT_SIZE / 2 + 0.5;

function placeByMass(digit: FloatImage): Uint8Array {
  const com = centreOfMass(digit);
  if (!com) throw new NoInkError();
  const ox = Math.round(MASS_TARGET - com.x);
  const oy = Math.round(MASS_TARGET - com.y);
  const out = new Uint8Array(INPUT_BYTES);
  for (let y = 0; y < digit.height; y++) {
    const ty = y + oy;
    if (ty < 0 || ty >= INPUT_SIZE) continue;
    for (let x = 0; x < digit.width; x++) {
      const tx = x + ox;
      if (tx < 0 || tx >= INPUT_SIZE) continue;
      out[ty * INPUT_SIZE + tx] = Math.round((digit.data[y * digit.width + x] as number) * 255);
    }
  }
  return out;
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
