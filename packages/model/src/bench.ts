/**
 * `npm run bench -w packages/model`: speed of the committed model on the Node wasm backend
 * (batch 1, 16, 256; warm medians), model load time, and preprocessing time of a 280 px
 * picture. States the machine and its load, since the numbers mean nothing without them.
 */
import { cpus, loadavg } from 'node:os';
import { synthetic, toModelInput } from '@cifra/digits';
import { loadCommittedPredictor } from './predictor.ts';
import { timeInference } from './timing.ts';

const loadStart = performance.now();
const predictor = await loadCommittedPredictor();
const loadMs = performance.now() - loadStart;
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `model ${predictor.manifest.version}: load + verify ${loadMs.toFixed(0)} ms (first run includes wasm init)`,
);
for (const [batch, runs] of [
  [1, 1000],
  [16, 200],
  [256, 30],
] as const) {
  const t = timeInference(predictor, batch, runs, 30);
  console.log(
    `wasm batch ${String(batch).padStart(3)}: median ${t.medianMs.toFixed(3)} ms, p90 ${t.p90Ms.toFixed(3)} ms, ` +
      `${((t.medianMs * 1000) / batch).toFixed(0)} µs per digit`,
  );
}
const picture = synthetic.drawStrokes({ width: 280, height: 280, strokes: synthetic.seven, thickness: 22 });
for (let i = 0; i < 20; i++) toModelInput(picture);
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const s = performance.now();
  toModelInput(picture);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(`toModelInput 280x280 RGBA: median ${(times[100] as number).toFixed(3)} ms`);
console.log(`load after run: ${loadavg()[0]?.toFixed(2)}`);
