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
import { toLuma, type PixelImage } from './image.ts';
import { inkMap } from './ink.ts';
import { resizeArea } from './resample.ts';

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
  let luma = toLuma(image);
  const shrink = Math.max(luma.width, luma.height) / WORKING_SIZE;
  if (shrink > 1) {
    luma = resizeArea(
      luma,
      Math.max(1, Math.round(luma.width / shrink)),
      Math.max(1, Math.round(luma.height / shrink)),
    );
  }
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
  const floats = Float32Array.from(pixels, (v) => v / 255);
  const back = shrink > 1 ? shrink : 1;
  const originalBox: Box = {
    x: Math.floor(box.x * back),
    y: Math.floor(box.y * back),
    width: Math.min(image.width, Math.ceil(box.width * back)),
    height: Math.min(image.height, Math.ceil(box.height * back)),
  };
  return { pixels, floats, box: originalBox, inverted };
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
