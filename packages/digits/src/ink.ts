/**
 * From luma to an "ink" map (0 background .. 1 full stroke): polarity, uneven background,
 * contrast. Written for pictures of one digit: drawings, scans and phone photos.
 *
 * This runs on every predict request (issue #9 gives all of toModelInput 2.5 ms for a 280 px
 * picture), so medians and percentiles use selection on a reused buffer instead of sorted
 * copies, and the passes are fused. Each intermediate keeps the precision the plain version
 * had (float32 where it was stored in a Float32Array, double where it was not), so outputs
 * are bit-identical to it; the golden test (to-model-input.golden.test.ts) holds that.
 */
import { NoInkError } from './errors.ts';
import type { FloatImage } from './geometry.ts';
import { findRuling, removeRuling } from './ruling.ts';
import { selectKth, selectionScratch, strongPeak } from './select.ts';

/** Ink below this many grey levels above the background is not ink (paper grain, JPEG noise). */
const MIN_CONTRAST = 24;
/** The background field's grid: at most this many cells across and down. */
const GRID = 8;

/** Median as the upper middle element (index length >> 1 of the ascending order). */
function medianOf(values: Float32Array, length: number): number {
  return selectKth(values, length, length >> 1);
}

/** The border ring (3 % of the shorter side, at least 1 px), copied into the selection scratch;
 * returns the buffer and how many values it holds. */
function gatherBorder(img: FloatImage): [Float32Array, number] {
  const { width, height, data } = img;
  const ring = Math.max(1, Math.round(Math.min(width, height) * 0.03));
  // Upper bound: full ring rows plus two side strips of every other row.
  const out = selectionScratch(Math.min(width * height, 2 * ring * (width + height)));
  let n = 0;
  const sideEnd = Math.min(ring, width);
  const sideStart = Math.max(ring, width - ring);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (y < ring || y >= height - ring) {
      out.set(data.subarray(row, row + width), n);
      n += width;
      continue;
    }
    for (let x = 0; x < sideEnd; x++) out[n++] = data[row + x] as number;
    for (let x = sideStart; x < width; x++) out[n++] = data[row + x] as number;
  }
  return [out, n];
}

/**
 * Whether the picture is dark ink on light ground. The border is mostly background; whichever
 * side of it holds more deviation mass is the ink. This also works on mid-grey or coloured
 * paper, where a fixed "border brighter than 50 %" rule fails. When the two sides come close,
 * lighting is at work, and local deviations decide (localPolarity).
 */
export function isDarkOnLight(luma: FloatImage): boolean {
  const [border, length] = gatherBorder(luma);
  const background = medianOf(border, length);
  let dark = 0;
  let light = 0;
  const data = luma.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < background) dark += background - v;
    else light += v - background;
  }
  // A clear answer stands (drawings, scans, even strokes filling half the picture). A close
  // one is what uneven light makes of the border rule: then the cells decide, if they can.
  const close = Math.max(dark, light) < BORDER_RULE_CLEAR * Math.min(dark, light);
  return (close ? localPolarity(luma) : null) ?? dark >= light;
}

/** The border rule's answer is clear when one side's deviation mass is this many times the
 * other's. Chosen on the robustness set (its pictures stay with the border rule's right
 * answers or get the same from the cells) and the notebook-paper set (unevenly lit photos of
 * thin strokes come within 2x, and the cells put them right). */
const BORDER_RULE_CLEAR = 2;

/** Pictures narrower or lower than this are left to the border rule: their cells would be a
 * few pixels, mostly stroke. */
const LOCAL_POLARITY_MIN_SIDE = 64;
/** One side's strong deviations must outweigh the other's this many times to decide. */
const LOCAL_POLARITY_MARGIN = 2;

/**
 * Polarity from strong local deviations. Each GRID x GRID cell's paper is the median of the
 * medians of it and its neighbours (each of a sample of about 16 x 16 pixels): a stroke can
 * fill most of one cell, never most of nine. The ink is whichever side holds more mass of
 * deviations of over MIN_CONTRAST from its cell's paper, when it outweighs the other side
 * twice. A photo lit unevenly (a shadow across one corner, darker edges) fools a border
 * median, whose deviations are then the lighting; cell by cell, the lighting is flat and the
 * strokes stand out. Returns null when that is not decisive, or the picture is under 64 px:
 * the border rule decides then, as it always did.
 */
function localPolarity(luma: FloatImage): boolean | null {
  const { width, height, data } = luma;
  if (width < LOCAL_POLARITY_MIN_SIDE || height < LOCAL_POLARITY_MIN_SIDE) return null;
  const step = Math.max(1, Math.floor(Math.min(width, height) / (GRID * 16)));
  const bounds = (c: number, size: number): [number, number] => [
    Math.floor((c * size) / GRID),
    Math.floor(((c + 1) * size) / GRID),
  ];
  // Each cell's sample, gathered once: its median reorders it, the deviations need only its values.
  const cells: Float32Array[] = [];
  const medians = new Float32Array(GRID * GRID);
  for (let cy = 0; cy < GRID; cy++) {
    for (let cx = 0; cx < GRID; cx++) {
      const [x0, x1] = bounds(cx, width);
      const [y0, y1] = bounds(cy, height);
      const cell = new Float32Array(Math.ceil((x1 - x0) / step) * Math.ceil((y1 - y0) / step));
      let n = 0;
      for (let y = y0; y < y1; y += step) {
        for (let i = y * width + x0, end = y * width + x1; i < end; i += step) cell[n++] = data[i] as number;
      }
      medians[cy * GRID + cx] = medianOf(cell, n);
      cells.push(cell.subarray(0, n));
    }
  }
  const around = new Float32Array(9);
  let dark = 0;
  let light = 0;
  for (let cy = 0; cy < GRID; cy++) {
    for (let cx = 0; cx < GRID; cx++) {
      let m = 0;
      for (let y = Math.max(0, cy - 1); y <= Math.min(GRID - 1, cy + 1); y++) {
        for (let x = Math.max(0, cx - 1); x <= Math.min(GRID - 1, cx + 1); x++)
          around[m++] = medians[y * GRID + x] as number;
      }
      const paper = around.subarray(0, m).sort()[m >> 1] as number;
      for (const value of cells[cy * GRID + cx] as Float32Array) {
        const deviation = value - paper;
        if (deviation > MIN_CONTRAST) light += deviation;
        else if (deviation < -MIN_CONTRAST) dark -= deviation;
      }
    }
  }
  if (dark > light * LOCAL_POLARITY_MARGIN) return true;
  if (light > dark * LOCAL_POLARITY_MARGIN) return false;
  return null;
}

/**
 * Median per cell of a cols x rows grid of the oriented image (ink high), then the minimum
 * over each cell's 3x3 neighbourhood (a cell full of stroke still has background cells next
 * to it).
 */
function cellBackgrounds(luma: FloatImage, inverted: boolean, cols: number, rows: number): Float32Array {
  const { width, height, data } = luma;
  const cellMedian = new Float32Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    const y0 = Math.floor((cy * height) / rows);
    const y1 = Math.floor(((cy + 1) * height) / rows);
    for (let cx = 0; cx < cols; cx++) {
      const x0 = Math.floor((cx * width) / cols);
      const x1 = Math.floor(((cx + 1) * width) / cols);
      const cell = selectionScratch((x1 - x0) * (y1 - y0));
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let i = y * width + x0, end = y * width + x1; i < end; i++) cell[n++] = data[i] as number;
      }
      // Orienting (v → float32(255 - v)) reverses the order of values, so the oriented median
      // is the oriented mirror element of the luma order; no pixel needs orienting. Storing
      // into cellMedian rounds to float32 as the oriented image always did.
      cellMedian[cy * cols + cx] = inverted ? 255 - selectKth(cell, n, n - 1 - (n >> 1)) : medianOf(cell, n);
    }
  }
  const low = new Float32Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let m = Infinity;
      for (let y = Math.max(0, cy - 1); y <= Math.min(rows - 1, cy + 1); y++) {
        for (let x = Math.max(0, cx - 1); x <= Math.min(cols - 1, cx + 1); x++) {
          m = Math.min(m, cellMedian[y * cols + x] as number);
        }
      }
      low[cy * cols + cx] = m;
    }
  }
  return low;
}

/**
 * The cell backgrounds interpolated along x for every grid row: rows x width values. The
 * field's bilinear interpolation then costs one lerp between two of these rows per pixel.
 * Cell centres sit at (c + 0.5) * size / count.
 */
function gridRows(low: Float32Array, cols: number, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let x = 0; x < width; x++) {
    const gx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / width - 0.5));
    const x0 = Math.floor(gx);
    const x1 = Math.min(cols - 1, x0 + 1);
    const fx = gx - x0;
    for (let r = 0; r < rows; r++) {
      out[r * width + x] = (low[r * cols + x0] as number) * (1 - fx) + (low[r * cols + x1] as number) * fx;
    }
  }
  return out;
}

/**
 * Oriented (ink high) and background-removed image. The background is a field that follows
 * shadows and gradients in photos: the cell backgrounds, bilinearly interpolated, rounded to
 * float32 (as the field once was stored). Returns the image and its largest value, unrounded
 * (the strong-pixel threshold has always used that).
 */
function subtractBackground(luma: FloatImage, inverted: boolean): { ink: Float32Array; max: number } {
  const { width, height, data } = luma;
  const cols = Math.min(GRID, width);
  const rows = Math.min(GRID, height);
  const across = gridRows(cellBackgrounds(luma, inverted, cols, rows), cols, rows, width);
  const ink = new Float32Array(width * height);
  let max = 0;
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / height - 0.5));
    const y0 = Math.floor(gy);
    const upper = y0 * width;
    const lower = Math.min(rows - 1, y0 + 1) * width;
    const fy = gy - y0;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const background = Math.fround(
        (across[upper + x] as number) * (1 - fy) + (across[lower + x] as number) * fy,
      );
      const oriented = inverted ? Math.fround(255 - (data[i] as number)) : (data[i] as number);
      let v = Math.max(0, oriented - background);
      // Dark ink on paper: light falls on both, so ink is a ratio to the local paper brightness
      // (a shadowed corner keeps its contrast). Light ink on dark ground has no such model.
      // (0 stays 0: skipping the division there is the same and saves most of it on paper.)
      if (inverted && v > 0) v = (v * 255) / Math.max(MIN_CONTRAST, 255 - background);
      ink[i] = v;
      if (v > max) max = v;
    }
  }
  return { ink, max };
}

/**
 * Ink map in 0..1: oriented so ink is high, background removed, faint noise floored and the
 * strokes stretched so their typical peak is 1 (pen pressure and lighting stop mattering).
 * Throws NoInkError when nothing stands out by at least MIN_CONTRAST grey levels.
 */
export function inkMap(luma: FloatImage): { ink: FloatImage; inverted: boolean } {
  const inverted = isDarkOnLight(luma);
  const background = subtractBackground(luma, inverted);
  const { ink } = background;
  let { max } = background;
  if (max < MIN_CONTRAST) throw new NoInkError();
  let peak = Math.max(MIN_CONTRAST, strongPeak(ink, max));
  const ruling = findRuling(ink, luma.width, luma.height);
  if (ruling) {
    max = removeRuling(ink, luma.width, luma.height, ruling);
    if (max < MIN_CONTRAST) throw new NoInkError();
    peak = Math.max(MIN_CONTRAST, strongPeak(ink, max));
  }
  const floor = Math.max(MIN_CONTRAST / 2, peak * 0.15);
  for (let i = 0; i < ink.length; i++) {
    const raw = ink[i] as number;
    const v = raw < floor ? 0 : raw / peak;
    ink[i] = v <= 0 ? 0 : v >= 1 ? 1 : v;
  }
  return { ink: { width: luma.width, height: luma.height, data: ink }, inverted };
}
