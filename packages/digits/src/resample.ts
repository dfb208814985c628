/**
 * Area-averaging resize: every output pixel is the exact mean of the input area it covers
 * (fractional overlaps weighted). Shrinking a 2000 px photo to 20 px this way keeps thin
 * strokes as grey instead of dropping them, as MNIST's own anti-aliased downscale did.
 */
import type { FloatImage } from './geometry.ts';

function resizeAxis(
  src: Float32Array,
  lines: number,
  inLen: number,
  outLen: number,
  stride: number,
  step: number,
  outStride: number,
  outStep: number,
  out: Float32Array,
): void {
  const ratio = inLen / outLen;
  for (let o = 0; o < outLen; o++) {
    const start = o * ratio;
    const end = start + ratio;
    const first = Math.floor(start);
    const last = Math.min(inLen - 1, Math.ceil(end) - 1);
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      for (let i = first; i <= last; i++) {
        const cover = Math.min(end, i + 1) - Math.max(start, i);
        sum += (src[line * stride + i * step] as number) * cover;
      }
      out[line * outStride + o * outStep] = sum / ratio;
    }
  }
}

export function resizeArea(img: FloatImage, width: number, height: number): FloatImage {
  // Horizontal pass (rows), then vertical pass (columns).
  const mid = new Float32Array(width * img.height);
  resizeAxis(img.data, img.height, img.width, width, img.width, 1, width, 1, mid);
  const out = new Float32Array(width * height);
  resizeAxis(mid, width, img.height, height, 1, width, 1, width, out);
  return { width, height, data: out };
}
