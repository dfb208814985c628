/**
 * `cifra-model personalise --teach teach.csv --eval eval.csv [--json]`: fine-tunes the committed
 * model's head on one writer's samples with the app's own code (@cifra/inference's
 * `personalise`, the committed built-in digits) and reports that writer's accuracy before and
 * after, MNIST test accuracy before and after, and the training time. CSV rows are
 * `file,digit`, paths relative to the CSV's folder; a `file,digit` header line is skipped.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { toModelInput } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import {
  personalise,
  type AnchorDigits,
  type GuardReport,
  type LabelledInput,
  type PersonaliseOptions,
  type PersonaliseRefusal,
  type Predictor,
} from '@cifra/inference';
import { readCommittedAnchors } from './anchor-set.ts';
import { evaluate } from './evaluate.ts';
import { loadMnist, type MnistSplit } from './mnist.ts';

/** One writer's accuracy: overall, and per digit (null for a digit the set does not have). */
export interface WriterAccuracy {
  accuracy: number;
  perDigit: (number | null)[];
}

export interface PersonaliseReport {
  before: WriterAccuracy;
  /** With the personal head when the guard kept it; the base model's again when it refused it. */
  after: WriterAccuracy;
  mnist: { before: number; after: number };
  trainMs: number;
  accepted: boolean;
  reason?: PersonaliseRefusal;
  guard?: GuardReport;
  samples: { teach: number; eval: number };
}

/** A CSV row that names no readable picture or no digit. */
export class SampleListError extends Error {
  override name = 'SampleListError';
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Reads `file,digit` rows and turns each picture into a model input, as the app would. */
export async function readSampleList(csv: string): Promise<LabelledInput[]> {
  let text: string;
  try {
    text = await readFile(csv, 'utf8');
  } catch {
    throw new SampleListError(csv, 0, 'file not found');
  }
  const samples: LabelledInput[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || (index === 0 && /^file\s*,\s*digit$/i.test(line))) continue;
    const comma = line.lastIndexOf(',');
    const [file, digitText] =
      comma < 0 ? [line, ''] : [line.slice(0, comma).trim(), line.slice(comma + 1).trim()];
    if (!/^[0-9]$/.test(digitText))
      throw new SampleListError(csv, index + 1, `"${digitText}" is not a digit 0–9 (rows are file,digit)`);
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(dirname(csv), file));
    } catch {
      throw new SampleListError(csv, index + 1, `${file}: file not found`);
    }
    try {
      samples.push({ digit: Number(digitText), input: toModelInput(decodeImage(bytes)).pixels });
    } catch (err) {
      throw new SampleListError(
        csv,
        index + 1,
        `${file}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return samples;
}

/** Accuracy of a predictor on labelled inputs, overall and per digit. */
export async function writerAccuracy(
  predictor: Predictor,
  samples: readonly LabelledInput[],
): Promise<WriterAccuracy> {
  const answers = await predictor.predict(samples.map((s) => s.input));
  const right = new Array<number>(10).fill(0);
  const seen = new Array<number>(10).fill(0);
  samples.forEach((sample, i) => {
    seen[sample.digit] = (seen[sample.digit] as number) + 1;
    if (answers[i]?.digit === sample.digit) right[sample.digit] = (right[sample.digit] as number) + 1;
  });
  const total = right.reduce((a, b) => a + b, 0);
  return {
    accuracy: samples.length === 0 ? 0 : total / samples.length,
    perDigit: seen.map((n, d) => (n === 0 ? null : (right[d] as number) / n)),
  };
}

/** Teaches the base predictor one writer's samples and measures before and after. */
export async function personaliseReport(
  predictor: Predictor,
  teach: readonly LabelledInput[],
  evalSet: readonly LabelledInput[],
  options: { anchors?: AnchorDigits; mnist?: MnistSplit } & Omit<PersonaliseOptions, 'anchors'> = {},
): Promise<PersonaliseReport> {
  const { anchors = readCommittedAnchors(), mnist = loadMnist('test'), ...rest } = options;
  const result = await personalise(predictor, teach, { anchors, ...rest });
  const personal = result.accepted ? predictor.withHead(result.head) : predictor;
  try {
    const mnistBefore = (await evaluate(predictor, mnist)).accuracy;
    return {
      before: await writerAccuracy(predictor, evalSet),
      after: await writerAccuracy(personal, evalSet),
      mnist: {
        before: mnistBefore,
        after: result.accepted ? (await evaluate(personal, mnist)).accuracy : mnistBefore,
      },
      trainMs: result.trainMs,
      accepted: result.accepted,
      ...(result.accepted ? {} : { reason: result.reason }),
      ...(result.guard ? { guard: result.guard } : {}),
      samples: { teach: teach.length, eval: evalSet.length },
    };
  } finally {
    if (personal !== predictor) personal.dispose();
  }
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

/** The report as lines for a person. */
export function reportLines(report: PersonaliseReport): string[] {
  const verdict = report.accepted
    ? 'personal model kept (it beat the base model on held-back samples)'
    : `personal model refused: ${report.reason}`;
  return [
    `${report.samples.teach} samples taught, ${report.samples.eval} checked; trained in ${report.trainMs.toFixed(0)} ms; ${verdict}`,
    `writer accuracy: ${percent(report.before.accuracy)} → ${percent(report.after.accuracy)}`,
    `per digit: ${report.before.perDigit.map((v, d) => `${d} ${percent(v)} → ${percent(report.after.perDigit[d] ?? null)}`).join(', ')}`,
    `MNIST test: ${percent(report.mnist.before)} → ${percent(report.mnist.after)}`,
  ];
}
