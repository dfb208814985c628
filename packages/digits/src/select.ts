/**
 * Order statistics without sorting. Preprocessing needs medians and percentiles of up to a
 * quarter-million values per picture; sorting copies of them was most of its time. Selection
 * returns exactly the element a full ascending sort would put at index k (the values are finite
 * and never -0 here, so there is no sort-order subtlety), in linear expected time.
 */

/** One growable buffer shared by all selections: they are synchronous and never nested. */
let scratch = new Float32Array(4096);

/** A scratch buffer of at least `length` values; its contents are garbage. */
export function selectionScratch(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/**
 * The k-th smallest (0-based) of values[0..length), found by Hoare partitioning around a
 * median-of-three pivot (Wirth's "find"). Reorders values in place. Runs of equal values (a
 * blank paper cell) split evenly, because both scans stop on elements equal to the pivot.
 * A picture crafted against the pivot rule could make that quadratic, so after twice the
 * rounds that halving would need, the rest is sorted instead (as introselect does).
 */
export function selectKth(values: Float32Array, length: number, k: number): number {
  let lo = 0;
  let hi = length - 1;
  let rounds = 2 * Math.ceil(Math.log2(length + 1)) + 4;
  while (lo < hi) {
    if (--rounds < 0) {
      values.subarray(lo, hi + 1).sort();
      break;
    }
    const pivot = medianOfThree(values, lo, (lo + hi) >>> 1, hi);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    // Now values[lo..j] <= pivot <= values[i..hi], and everything strictly between equals it.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

function medianOfThree(values: Float32Array, a: number, b: number, c: number): number {
  const x = values[a] as number;
  const y = values[b] as number;
  const z = values[c] as number;
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Robust peak: 90th percentile of the strong values (at least half of `max`, the largest),
 * so one hot pixel sets no scale. `data` must not be the selection scratch. */
export function strongPeak(data: Float32Array, max: number): number {
  const half = max / 2;
  const strong = selectionScratch(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v >= half) strong[n++] = v;
  }
  return selectKth(strong, n, Math.floor((n - 1) * 0.9));
}
