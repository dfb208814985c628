/**
 * From luma to an "ink" map (0 background .. 1 full stroke): polarity, uneven background,
 * contrast. Written for pictures of one digit: drawings, scans and phone photos.
 */
import { NoInkError } from './errors.ts';
import type { FloatImage } from './geometry.ts';

/** Ink below this many grey levels above the background is not ink (paper grain, JPEG noise). */
const MIN_CONTRAST = 24;

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
}

function borderValues(img: FloatImage): Float32Array {
  const { width, height, data } = img;
  const ring = Math.max(1, Math.round(Math.min(width, height) * 0.03));
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x < ring || y < ring || x >= width - ring || y >= height - ring)
        out.push(data[y * width + x] as number);
    }
  }
  return Float32Array.from(out);
}

/**
 * Whether the picture is dark ink on light ground. The border is mostly background; whichever
 * side of it holds more deviation mass is the ink. This also works on mid-grey or coloured
 * paper, where a fixed "border brighter than 50 %" rule fails.
 */
export function isDarkOnLight(luma: FloatImage): boolean {
  const background = median(borderValues(luma));
  let dark = 0;
  let light = 0;
  for (const v of luma.data) {
    if (v < background) dark += background - v;
    else light += v - background;
  }
  return dark >= light;
}

/**
 * Background level field of an ink-high image: median per cell of a coarse grid, then the
 * minimum over each cell's 3x3 neighbourhood (a cell full of stroke still has background
 * cells next to it), bilinearly interpolated. Follows shadows and gradients in photos.
 */
function backgroundField(img: FloatImage): Float32Array {
  const { width, height, data } = img;
  const cols = Math.min(8, width);
  const rows = Math.min(8, height);
  const cellMedian = new Float32Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const x0 = Math.floor((cx * width) / cols);
      const x1 = Math.floor(((cx + 1) * width) / cols);
      const y0 = Math.floor((cy * height) / rows);
      const y1 = Math.floor(((cy + 1) * height) / rows);
      const cell = new Float32Array((x1 - x0) * (y1 - y0));
      let k = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) cell[k++] = data[y * width + x] as number;
      cellMedian[cy * cols + cx] = median(cell);
    }
  }
  const low = new Float32Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let m = Infinity;
      for (let j = -1; j <= 1; j++) {
        for (let i = -1; i <= 1; i++) {
          const x = cx + i;
          const y = cy + j;
          if (x >= 0 && y >= 0 && x < cols && y < rows) m = Math.min(m, cellMedian[y * cols + x] as number);
        }
      }
      low[cy * cols + cx] = m;
    }
  }
  const field = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    // Cell centres sit at (c + 0.5) * size / count.
    const gy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / height - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / width - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(cols - 1, x0 + 1);
      const fx = gx - x0;
      const top = (low[y0 * cols + x0] as number) * (1 - fx) + (low[y0 * cols + x1] as number) * fx;
      const bottom = (low[y1 * cols + x0] as number) * (1 - fx) + (low[y1 * cols + x1] as number) * fx;
      field[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return field;
}

/**
 * Ink map in 0..1: oriented so ink is high, background removed, faint noise floored and the
 * strokes stretched so their typical peak is 1 (pen pressure and lighting stop mattering).
 * Throws NoInkError when nothing stands out by at least MIN_CONTRAST grey levels.
 */
export function inkMap(luma: FloatImage): { ink: FloatImage; inverted: boolean } {
  const inverted = isDarkOnLight(luma);
  const oriented = new Float32Array(luma.data.length);
  for (let i = 0; i < oriented.length; i++) {
    const v = luma.data[i] as number;
    oriented[i] = inverted ? 255 - v : v;
  }
  const field = backgroundField({ width: luma.width, height: luma.height, data: oriented });
  let max = 0;
  for (let i = 0; i < oriented.length; i++) {
    const background = field[i] as number;
    let v = Math.max(0, (oriented[i] as number) - background);
    // Dark ink on paper: light falls on both, so ink is a ratio to the local paper brightness
    // (a shadowed corner keeps its contrast). Light ink on dark ground has no such model.
    if (inverted) v = (v * 255) / Math.max(MIN_CONTRAST, 255 - background);
    oriented[i] = v;
    if (v > max) max = v;
  }
  if (max < MIN_CONTRAST) throw new NoInkError();
  // Robust peak: 90th percentile of the strong pixels, so one hot pixel sets no scale.
  const strong = oriented.filter((v) => v >= max / 2).sort();
  const peak = Math.max(MIN_CONTRAST, strong[Math.floor((strong.length - 1) * 0.9)] as number);
  const floor = Math.max(MIN_CONTRAST / 2, peak * 0.15);
  const out = new Float32Array(oriented.length);
  for (let i = 0; i < out.length; i++) {
    const raw = oriented[i] as number;
    const v = raw < floor ? 0 : raw / peak;
    out[i] = v <= 0 ? 0 : v >= 1 ? 1 : v;
  }
  return { ink: { width: luma.width, height: luma.height, data: out }, inverted };
}
