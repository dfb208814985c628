/**
 * `npm run bench -w packages/model`: speed of the committed model on the Node wasm backend
 * (batch 1, 16, 256; warm medians), model load time, preprocessing time of a 280 px picture,
 * and reading an 8-digit number (segmentation, one batch, choice) on wasm and cpu. States the
 * machine and its load, since the numbers mean nothing without them.
 */
import { cpus, loadavg } from 'node:os';
import { chooseReading, planNumber, synthetic, toModelInput } from '@cifra/digits';
import type { Predictor } from '@cifra/inference';
import { loadMnist } from './mnist.ts';
import { benchNumbers, type NumberPicture } from './number-set.ts';
import { loadCommittedPredictor } from './predictor.ts';
import { median, timeInference } from './timing.ts';

/** Issue #12's budget for reading an 8-digit number on wasm. */
const NUMBER_BUDGET_MS = 15;

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

/** Reads the picture `runs` times (after warm-ups) as the CLI does: plan, one batch, choose. */
async function timeNumber(
  predictor: Predictor,
  backend: string,
  picture: NumberPicture,
  runs: number,
): Promise<number> {
  const split = {
    total: [] as number[],
    plan: [] as number[],
    infer: [] as number[],
    choose: [] as number[],
  };
  let batch = 0;
  let read = '';
  for (let run = -5; run < runs; run++) {
    const start = performance.now();
    const plan = planNumber(picture.image);
    const planned = performance.now();
    const scores = await predictor.predictParts(plan.inputs);
    const inferred = performance.now();
    read = chooseReading(plan, scores).number;
    const end = performance.now();
    batch = plan.inputs.length;
    if (run < 0) continue;
    split.total.push(end - start);
    split.plan.push(planned - start);
    split.infer.push(inferred - planned);
    split.choose.push(end - inferred);
  }
  const ms = (values: number[]): string => median(values).toFixed(2);
  const { width, height } = picture.image;
  console.log(
    `${backend} read 8-digit ${picture.kind.padEnd(9)} ${width}x${height}: median ${ms(split.total)} ms ` +
      `(segmentation ${ms(split.plan)} + inference ${ms(split.infer)} at batch ${batch} + choice ${ms(split.choose)}), ` +
      `read ${read} (written ${picture.digits}), ${runs} runs`,
  );
  return median(split.total);
}

// Big digits are read reduced (planNumber's glance), and touching digits add candidates to the batch.
const numbers = benchNumbers(loadMnist('test'));
for (const picture of numbers) {
  const ms = await timeNumber(predictor, 'wasm', picture, 30);
  console.log(`  ${ms <= NUMBER_BUDGET_MS ? 'PASS' : 'FAIL'} (budget ≤ ${NUMBER_BUDGET_MS} ms on wasm)`);
}
const cpu = await loadCommittedPredictor(undefined, 'cpu');
for (const picture of numbers) await timeNumber(cpu, 'cpu ', picture, 7);
console.log(`load after run: ${loadavg()[0]?.toFixed(2)}`);
