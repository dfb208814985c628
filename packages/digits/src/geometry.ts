/**
 * Geometry on single-channel float images (row-major, width x height). Preprocessing and
 * training augmentation share it, so a shifted or rotated digit means the same in both.
 */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Maps output pixel centres back to input coordinates: [a, b, c, d, e, f] so that
 * xIn = a*x + b*y + c and yIn = d*x + e*y + f (inverse mapping, so every output pixel is set). */
export type Affine = readonly [number, number, number, number, number, number];

/** Bilinear sample with zero outside the image (MNIST background is 0). */
export function sampleBilinear(img: FloatImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number): number =>
    xx < 0 || yy < 0 || xx >= img.width || yy >= img.height ? 0 : (img.data[yy * img.width + xx] as number);
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

export function warpAffine(img: FloatImage, inverse: Affine, width: number, height: number): FloatImage {
  const [a, b, c, d, e, f] = inverse;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Pixel centres sit at +0.5; sample at the mapped centre.
      const px = x + 0.5;
      const py = y + 0.5;
      out[y * width + x] = sampleBilinear(img, a * px + b * py + c - 0.5, d * px + e * py + f - 0.5);
    }
  }
  return { width, height, data: out };
}

/**
 * Inverse affine for: rotate by `angle` radians and scale by `scale` about (cx, cy), then
 * shift by (dx, dy). Shear is added along x.
 */
export function similarityInverse(
  cx: number,
  cy: number,
  angle: number,
  scale: number,
  dx: number,
  dy: number,
  shear = 0,
): Affine {
  // Forward: p' = R S H (p - c) + c + t; inverse: p = H^-1 S^-1 R^-1 (p' - c - t) + c.
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // R^-1 / scale
  const r00 = cos / scale;
  const r01 = sin / scale;
  const r10 = -sin / scale;
  const r11 = cos / scale;
  // H^-1 = [[1, -shear], [0, 1]]
  const m00 = r00 - shear * r10;
  const m01 = r01 - shear * r11;
  const m10 = r10;
  const m11 = r11;
  const ox = cx + dx;
  const oy = cy + dy;
  return [m00, m01, cx - m00 * ox - m01 * oy, m10, m11, cy - m10 * ox - m11 * oy];
}

/** Centre of mass of the intensities, in pixel-centre coordinates; null for an all-zero image. */
export function centreOfMass(img: FloatImage): { x: number; y: number } | null {
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x] as number;
      sum += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return sum > 0 ? { x: sx / sum, y: sy / sum } : null;
}

/** 3x3 grey-level dilation (max) or erosion (min): thicker or thinner strokes. */
export function morph3x3(img: FloatImage, op: 'dilate' | 'erode'): FloatImage {
  const { width, height, data } = img;
  const out = new Float32Array(width * height);
  const pick = op === 'dilate' ? Math.max : Math.min;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = data[y * width + x] as number;
      for (let j = -1; j <= 1; j++) {
        for (let i = -1; i <= 1; i++) {
          const xx = x + i;
          const yy = y + j;
          const n = xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : (data[yy * width + xx] as number);
          v = pick(v, n);
        }
      }
      out[y * width + x] = v;
    }
  }
  return { width, height, data: out };
}
