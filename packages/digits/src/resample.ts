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
  /** When no output covers more than three inputs (a reduction by at most 2): the covers as
   * three weights per output, zero-padded, and the three inputs, clamped into the line. A
   * zero-weight term adds +0, which leaves a sum of non-negative terms as it was, so the
   * unrolled sums are the very same doubles. */
  three: { weights: Float64Array; inputs: Int32Array } | null;
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
  let three: AxisPlan['three'] = null;
  if (outLen > 0 && offsets.every((end, o) => o === 0 || end - (offsets[o - 1] as number) <= 3)) {
    const weights = new Float64Array(outLen * 3);
    const inputs = new Int32Array(outLen * 3);
    for (let o = 0; o < outLen; o++) {
      for (let t = 0; t < 3; t++) {
        const k = (offsets[o] as number) + t;
        const used = k < (offsets[o + 1] as number);
        weights[o * 3 + t] = used ? (covers[k] as number) : 0;
        inputs[o * 3 + t] = Math.min(inLen - 1, (first[o] as number) + t);
      }
    }
    three = { weights, inputs };
  }
  return { ratio, first, offsets, covers: Float64Array.from(covers), three };
}

/** Resizes one line along the plan into out[to .. to + outLen). */
function resizeLine(src: Float32Array, plan: AxisPlan, out: Float32Array, to: number): void {
  const { ratio, first, offsets, covers, three } = plan;
  const count = first.length;
  if (three) {
    const { weights, inputs } = three;
    for (let o = 0, j = 0; o < count; o++, j += 3) {
      const sum =
        (src[inputs[j] as number] as number) * (weights[j] as number) +
        (src[inputs[j + 1] as number] as number) * (weights[j + 1] as number) +
        (src[inputs[j + 2] as number] as number) * (weights[j + 2] as number);
      out[to + o] = sum / ratio;
    }
    return;
  }
  let k = 0;
  for (let o = 0; o < count; o++) {
    const end = offsets[o + 1] as number;
    let sum = 0;
    for (let i = first[o] as number; k < end; k++, i++) sum += (src[i] as number) * (covers[k] as number);
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
  const ratio = down.ratio;
  for (let o = 0; o < height; o++) {
    // The first term sets the sums (0 + t is t), the last one is added as it is divided: the
    // same double sums as zeroing, adding every term and dividing in a pass of its own.
    const start = down.offsets[o] as number;
    const last = (down.offsets[o + 1] as number) - 1;
    const firstRow = down.first[o] as number;
    const row = o * width;
    if (last === start) {
      const cover = down.covers[start] as number;
      for (let x = 0, i = firstRow * width; x < width; x++, i++)
        out[row + x] = ((mid[i] as number) * cover) / ratio;
      continue;
    }
    for (let k = start, y = firstRow; k <= last; k++, y++) {
      const cover = down.covers[k] as number;
      const at = y * width;
      if (k === start) {
        for (let x = 0; x < width; x++) sums[x] = (mid[at + x] as number) * cover;
      } else if (k < last) {
        for (let x = 0; x < width; x++) sums[x] = (sums[x] as number) + (mid[at + x] as number) * cover;
      } else {
        for (let x = 0; x < width; x++)
          out[row + x] = ((sums[x] as number) + (mid[at + x] as number) * cover) / ratio;
      }
    }
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
