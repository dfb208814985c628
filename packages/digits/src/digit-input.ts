/**
 * The steps from an ink map to one model input that a single digit and each digit of a number
 * share: the working-size luma, the crop, the 20 px scale and the placement by centre of mass.
 */
import type { Box } from './components.ts';
import { NoInkError } from './errors.ts';
import { centreOfMass, type FloatImage } from './geometry.ts';
import { channelsOf, toLuma, type PixelImage } from './image.ts';
import { lumaInto } from './luma.ts';
import { resizeArea, resizeAreaRows } from './resample.ts';

export const INPUT_SIZE = 28;
export const DIGIT_BOX = 20;
export const INPUT_BYTES = INPUT_SIZE * INPUT_SIZE;

/** The picture's luma, reduced so its longest side is at most `workingSize`, and the factor. */
export function workingLuma(image: PixelImage, workingSize: number): { luma: FloatImage; shrink: number } {
  const shrink = Math.max(image.width, image.height) / workingSize;
  return shrink > 1 ? { luma: reducedLuma(image, shrink), shrink } : { luma: toLuma(image), shrink: 1 };
}

/** A box in working-size pixels, in the original picture's pixels. */
export function toOriginalBox(box: Box, shrink: number, image: PixelImage): Box {
  const back = shrink > 1 ? shrink : 1;
  return {
    x: Math.floor(box.x * back),
    y: Math.floor(box.y * back),
    width: Math.min(image.width, Math.ceil(box.width * back)),
    height: Math.min(image.height, Math.ceil(box.height * back)),
  };
}

/** The ink inside `box`, its longest side scaled to 20 px and placed by centre of mass. */
export function inkToInput(ink: FloatImage, box: Box): Uint8Array {
  const longest = Math.max(box.width, box.height);
  const scaled = resizeArea(
    cropTo(ink, box),
    Math.max(1, Math.round((box.width * DIGIT_BOX) / longest)),
    Math.max(1, Math.round((box.height * DIGIT_BOX) / longest)),
  );
  return placeByMass(scaled);
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
