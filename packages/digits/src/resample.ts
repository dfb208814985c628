/**
 * Area-averaging resize: every output pixel is the exact mean of the input area it covers
 * (fractional overlaps weighted). Shrinking a 2000 px photo to 20 px this way keeps thin
 * strokes as grey instead of dropping them, as MNIST's own anti-aliased downscale did.
 */
import type { FloatImage } from './geometry.ts';

/**
 * Which input pixels each output pixel covers along one axis, and by how much: output o
 * covers inputs first[o] .. first[o] + (offsets[o + 1] - offsets[o]) - 1 with weights
 * covers[offsets[o] ..]. Worked out once per resize instead of once per line.
 */
interface AxisPlan {
  /** Input pixels per output pixel; sums are divided by it. */
  ratio: number;
  first: Int32Array;
  offsets: Int32Array;
  covers: Float64Array;
}

function planAxis(inLen: number, outLen: number): AxisPlan {
  const ratio = inLen / outLen;
  const first = new Int32Array(outLen);
  const offsets = new Int32Array(outLen + 1);
  const covers: number[] = [];
  for (let o = 0; o < outLen; o++) {
    const start = o * ratio;
    const end = start + ratio;
    first[o] = Math.floor(start);
    const last = Math.min(inLen - 1, Math.ceil(end) - 1);
    for (let i = first[o] as number; i <= last; i++) covers.push(Math.min(end, i + 1) - Math.max(start, i));
    offsets[o + 1] = covers.length;
  }
  return { ratio, first, offsets, covers: Float64Array.from(covers) };
}

/** Resizes one line along the plan into out[to .. to + outLen). */
function resizeLine(src: Float32Array, plan: AxisPlan, out: Float32Array, to: number): void {
  const { ratio, first, offsets, covers } = plan;
  for (let o = 0; o < first.length; o++) {
    let sum = 0;
    for (let k = offsets[o] as number, i = first[o] as number; k < (offsets[o + 1] as number); k++, i++) {
      sum += (src[i] as number) * (covers[k] as number);
    }
    out[to + o] = sum / ratio;
  }
}

/**
 * Area resize of a picture handed over row by row: row(y) returns input row y (srcWidth
 * values, read before the next call). The horizontal pass needs each row once, so a caller
 * can produce rows on the fly instead of holding a whole multi-megapixel float image.
 */
export function resizeAreaRows(
  srcWidth: number,
  srcHeight: number,
  row: (y: number) => Float32Array,
  width: number,
  height: number,
): FloatImage {
  // Horizontal pass (rows), then vertical pass (columns).
  const across = planAxis(srcWidth, width);
  const mid = new Float32Array(width * srcHeight);
  for (let y = 0; y < srcHeight; y++) resizeLine(row(y), across, mid, y * width);
  // The vertical pass walks whole rows (cache-friendly), keeping one running sum per column;
  // each sum still adds its terms in the same order as a column-by-column loop.
  const down = planAxis(srcHeight, height);
  const out = new Float32Array(width * height);
  const sums = new Float64Array(width);
  for (let o = 0; o < height; o++) {
    sums.fill(0);
    for (
      let k = down.offsets[o] as number, y = down.first[o] as number;
      k < (down.offsets[o + 1] as number);
      k++, y++
    ) {
      const cover = down.covers[k] as number;
      for (let x = 0, i = y * width; x < width; x++, i++)
        sums[x] = (sums[x] as number) + (mid[i] as number) * cover;
    }
    for (let x = 0; x < width; x++) out[o * width + x] = (sums[x] as number) / down.ratio;
  }
  return { width, height, data: out };
}

export function resizeArea(img: FloatImage, width: number, height: number): FloatImage {
  return resizeAreaRows(
    img.width,
    img.height,
    (y) => img.data.subarray(y * img.width, (y + 1) * img.width),
    width,
    height,
  );
}
