/**
 * Median time of toModelInput (warm) at a few picture sizes:
 *   npx tsx packages/digits/src/to-model-input.bench.ts [280 1000 3000x4000 ...]
 * Issue #9 budgets a fresh 280 px predict at 10 ms of server time; preprocessing gets 2.5 ms.
 */
import { drawStrokes, seven } from './synthetic.ts';
import { toModelInput } from './to-model-input.ts';
import type { PixelImage } from './image.ts';

// The Node globals used here, declared locally: this package type-checks without Node's types.
declare const performance: { now(): number };
declare const process: { argv: string[] };
declare const console: { log(line: string): void };

function picture(spec: string): PixelImage {
  const [w, h] = spec.split('x').map(Number) as [number, number?];
  const width = w;
  const height = h ?? w;
  // Dark ink on slightly uneven paper, like a phone photo of a drawn digit.
  const side = Math.min(width, height);
  return drawStrokes({ width, height, strokes: seven, thickness: side * 0.08, gradient: 40 });
}

function medianMs(image: PixelImage): number {
  const runs = Math.max(5, Math.min(300, Math.round(2e7 / (image.width * image.height))));
  for (let i = 0; i < Math.max(3, runs / 10); i++) toModelInput(image);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    toModelInput(image);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}

const specs = process.argv.slice(2);
for (const spec of specs.length > 0 ? specs : ['280', '1000', '3000x4000']) {
  console.log(`${spec}: ${medianMs(picture(spec)).toFixed(3)} ms median`);
}
