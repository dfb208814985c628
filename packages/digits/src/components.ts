/**
 * Connected ink components (8-connected) and speck removal: a dust dot or JPEG blotch far
 * from the digit would otherwise stretch the bounding box and shrink the digit.
 */
import type { FloatImage } from './geometry.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Components whose ink mass is below this share of the largest one are specks. */
const SPECK_SHARE = 0.05;

/**
 * Horizontal runs of ink pixels, row by row, with a union-find forest over them: labelling by
 * runs touches each pixel once, where a flood fill looked at all 8 neighbours of each.
 */
interface Runs {
  row: number[];
  start: number[];
  /** One past the run's last pixel. */
  end: number[];
  mass: number[];
  parent: number[];
}

function rootOf(runs: Runs, r: number): number {
  let root = r;
  while (runs.parent[root] !== root) root = runs.parent[root] as number;
  // Path compression: later look-ups from r's chain take one step.
  while (runs.parent[r] !== root) {
    const next = runs.parent[r] as number;
    runs.parent[r] = root;
    r = next;
  }
  return root;
}

function union(runs: Runs, a: number, b: number): void {
  const ra = rootOf(runs, a);
  const rb = rootOf(runs, b);
  // The earlier run stays the root, so roots are in row-major order of first pixels.
  if (ra < rb) runs.parent[rb] = ra;
  else if (rb < ra) runs.parent[ra] = rb;
}

function findRuns(ink: FloatImage): Runs {
  const { width, height, data } = ink;
  const runs: Runs = { row: [], start: [], end: [], mass: [], parent: [] };
  let previous = 0; // First run of the previous row.
  for (let y = 0; y < height; y++) {
    const first = runs.row.length;
    let touching = previous; // First previous-row run that can touch the current run.
    const base = y * width;
    for (let x = 0; x < width; x++) {
      if ((data[base + x] as number) <= 0) continue;
      const start = x;
      let mass = 0;
      for (; x < width && (data[base + x] as number) > 0; x++) mass += data[base + x] as number;
      const r = runs.row.length;
      runs.row.push(y);
      runs.start.push(start);
      runs.end.push(x);
      runs.mass.push(mass);
      runs.parent.push(r);
      // 8-connected: a previous-row run touches columns start - 1 .. x (inclusive).
      while (touching < first && (runs.end[touching] as number) < start) touching++;
      for (let t = touching; t < first && (runs.start[t] as number) <= x; t++) union(runs, r, t);
    }
    previous = first;
  }
  return runs;
}

/**
 * Zeroes speck components in place and returns the bounding box of what is left, or null
 * when there is no ink.
 *
 * A component's mass is summed run by run, not in a flood fill's visiting order. For the ink
 * maps toModelInput passes that gives the same bits: their values are 0 or float32s of at
 * least 0.15 (inkMap floors fainter ink), i.e. multiples of 2^-26, and there are at most 1024²
 * of them (a number's working size; a digit's is 512), so every partial sum (< 2^20, in steps of
 * 2^-26: 46 bits) is exact in a double whatever the order.
 */
export function removeSpecks(ink: FloatImage, share = SPECK_SHARE): Box | null {
  const runs = findRuns(ink);
  const count = runs.row.length;
  if (count === 0) return null;
  // Per root run: the component's mass and bounding box (inclusive).
  const mass = new Float64Array(count);
  const x0 = new Int32Array(count).fill(ink.width);
  const x1 = new Int32Array(count).fill(-1);
  const y0 = new Int32Array(count).fill(ink.height);
  const y1 = new Int32Array(count).fill(-1);
  let largest = 0;
  for (let r = 0; r < count; r++) {
    const root = rootOf(runs, r);
    mass[root] = (mass[root] as number) + (runs.mass[r] as number);
    largest = Math.max(largest, mass[root] as number);
    x0[root] = Math.min(x0[root] as number, runs.start[r] as number);
    x1[root] = Math.max(x1[root] as number, (runs.end[r] as number) - 1);
    y0[root] = Math.min(y0[root] as number, runs.row[r] as number);
    y1[root] = Math.max(y1[root] as number, runs.row[r] as number);
  }
  const box = { x0: ink.width, y0: ink.height, x1: -1, y1: -1 };
  for (let r = 0; r < count; r++) {
    const root = runs.parent[r] as number; // Fully compressed by the loop above.
    if ((mass[root] as number) < largest * share) {
      const at = (runs.row[r] as number) * ink.width;
      ink.data.fill(0, at + (runs.start[r] as number), at + (runs.end[r] as number));
    } else if (root === r) {
      box.x0 = Math.min(box.x0, x0[r] as number);
      box.y0 = Math.min(box.y0, y0[r] as number);
      box.x1 = Math.max(box.x1, x1[r] as number);
      box.y1 = Math.max(box.y1, y1[r] as number);
    }
  }
  return { x: box.x0, y: box.y0, width: box.x1 - box.x0 + 1, height: box.y1 - box.y0 + 1 };
}

/** One connected ink component: its label in {@link Labelled.labels}, ink mass and bounds. */
export interface Component extends Box {
  label: number;
  mass: number;
}

/** Every pixel's component (0 for no ink, else label 1..n) and the components, in row-major order
 * of their first pixel. */
export interface Labelled {
  labels: Int32Array;
  components: Component[];
}

/** Labels the 8-connected ink components (for numbers: one or more per digit). */
export function labelComponents(ink: FloatImage): Labelled {
  const runs = findRuns(ink);
  const labels = new Int32Array(ink.width * ink.height);
  const components: Component[] = [];
  const labelOfRoot = new Map<number, Component>();
  for (let r = 0; r < runs.row.length; r++) {
    const root = rootOf(runs, r);
    let component = labelOfRoot.get(root);
    const row = runs.row[r] as number;
    const start = runs.start[r] as number;
    const end = runs.end[r] as number;
    if (!component) {
      component = { label: components.length + 1, mass: 0, x: start, y: row, width: 0, height: 0 };
      // width/height hold the exclusive right/bottom edges until the end.
      component.width = end;
      component.height = row + 1;
      components.push(component);
      labelOfRoot.set(root, component);
    }
    component.mass += runs.mass[r] as number;
    component.x = Math.min(component.x, start);
    component.width = Math.max(component.width, end);
    component.height = row + 1;
    labels.fill(component.label, row * ink.width + start, row * ink.width + end);
  }
  for (const c of components) {
    c.width -= c.x;
    c.height -= c.y;
  }
  return { labels, components };
}
