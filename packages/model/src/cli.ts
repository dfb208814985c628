/**
 * `cifra-model predict <files…> [--json]`: decode each picture, preprocess it with
 * @cifra/digits exactly as the app does, and print the digit and its probability.
 * `cifra-model personalise --teach teach.csv --eval eval.csv [--json]`: see personalise-cli.ts.
 * `cifra-model read <files…> [--json]`: read a whole handwritten number from each picture
 * (segmented by @cifra/digits, every candidate digit scored in one batch) and print it with
 * the same answer the app and `POST /api/read` give. A bad file gets its own error line (or
 * `{file, error}`); the others are still answered; the exit code is 1 when any file failed,
 * 2 on wrong usage.
 */
import { readFile } from 'node:fs/promises';
import { DigitsError, readNumber, toModelInput, toNumberAnswer, type NumberAnswer } from '@cifra/digits';
import { decodeImage, ImageError } from '@cifra/image-decode';
import type { Prediction, Predictor } from '@cifra/inference';
import { parseArgs } from './args.ts';
import { personaliseReport, readSampleList, reportLines } from './personalise-cli.ts';
import { loadCommittedPredictor } from './predictor.ts';

type Result = ({ file: string } & Prediction) | { file: string; error: string };

/** A number read from one file, or why it could not be: codes as `POST /api/read` gives them. */
export type ReadResult =
  ({ file: string } & NumberAnswer) | { file: string; error: { code: string; message: string } };

const USAGE = [
  'usage: cifra-model predict <image files…> [--json]',
  '         PNG, JPEG or GIF; prints the digit and its probability per file',
  '       cifra-model read <image files…> [--json]',
  '         PNG, JPEG or GIF of a handwritten number; prints the number, its digit count and',
  '         the digits the model is unsure of (position and probability) per file',
  '       cifra-model personalise --teach teach.csv --eval eval.csv [--json]',
  '         fine-tunes a personal model on the teach rows (file,digit) as the app does and',
  "         prints the eval rows' accuracy before and after, MNIST's, and the training time",
].join('\n');

function describe(err: unknown): string {
  if (err instanceof DigitsError && err.code === 'no_ink') return 'no ink: the picture looks blank';
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Files on the user's own machine: a phone's 12 MP photo must work here, so the decode budget
 * is far above the edge's 48 MB (an isolate has 128 MB); the header checks stay as strict.
 */
export const cliDecodeLimits = { maxDecodeBytes: 1024 * 2 ** 20 };

export async function predictFiles(files: string[], predictor: Predictor): Promise<Result[]> {
  const results: Result[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file);
      const input = toModelInput(decodeImage(bytes, cliDecodeLimits));
      results.push({ file, ...((await predictor.predict([input.pixels]))[0] as Prediction) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      results.push({ file, error: code === 'ENOENT' ? 'file not found' : describe(err) });
    }
  }
  return results;
}

/** The error of one file as a code and a message (the codes of the edge's API where they exist). */
function readError(err: unknown): { code: string; message: string } {
  const errno = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  if (errno === 'ENOENT') return { code: 'not_found', message: 'file not found' };
  // The API's codes: an image over the decode budget is `image_too_large` there too.
  if (err instanceof ImageError)
    return { code: err.code === 'too_large' ? 'image_too_large' : err.code, message: describe(err) };
  if (err instanceof DigitsError) return { code: err.code, message: describe(err) };
  if (typeof errno === 'string' && err instanceof Error) return { code: 'unreadable', message: err.message };
  // A bug, not the file's fault: still only this file's answer, the others are read.
  return { code: 'internal', message: describe(err) };
}

/** Reads the number in each file: decode with the CLI's limits, segment, one batch, choose. */
export async function readFiles(files: string[], predictor: Predictor): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for (const file of files) {
    try {
      const image = decodeImage(await readFile(file), cliDecodeLimits);
      const reading = await readNumber(image, (inputs) => predictor.predictParts(inputs));
      results.push({ file, ...toNumberAnswer(reading) });
    } catch (err) {
      results.push({ file, error: readError(err) });
    }
  }
  return results;
}

/** `a.png: 2026 (4 digits; 1 unsure: #3 0.62)`; groups are shown as written ("12 345"). */
export function readLine(result: { file: string } & NumberAnswer): string {
  const unsure = result.digits.flatMap((d, i) =>
    d.lowConfidence ? [`#${i + 1} ${d.probability.toFixed(2)}`] : [],
  );
  const count = `${result.digits.length} digit${result.digits.length === 1 ? '' : 's'}`;
  const shown = result.groups ? result.groups.join(' ') : result.number;
  return `${result.file}: ${shown} (${count}${unsure.length ? `; ${unsure.length} unsure: ${unsure.join(', ')}` : ''})`;
}

/** `personalise --teach A --eval B [--json]`: 0, 1 when a list cannot be read, 2 on wrong usage. */
async function personaliseCommand(args: string[]): Promise<number> {
  const { flags, rest } = parseArgs(args);
  const teach = flags.get('teach');
  const evalList = flags.get('eval');
  const known = new Set(['teach', 'eval', 'json']);
  if (
    typeof teach !== 'string' ||
    typeof evalList !== 'string' ||
    rest.length > 0 ||
    [...flags.keys()].some((f) => !known.has(f))
  ) {
    console.error(USAGE);
    return 2;
  }
  try {
    const [teachSamples, evalSamples] = [await readSampleList(teach), await readSampleList(evalList)];
    const predictor = await loadCommittedPredictor();
    const report = await personaliseReport(predictor, teachSamples, evalSamples);
    if (flags.has('json')) console.log(JSON.stringify(report, null, 2));
    else for (const line of reportLines(report)) console.log(line);
    return 0;
  } catch (err) {
    console.error(`cifra-model: ${describe(err)}`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'personalise') return personaliseCommand(rest);
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (
    (command !== 'predict' && command !== 'read') ||
    files.length === 0 ||
    files.some((f) => f.startsWith('--'))
  ) {
    console.error(USAGE);
    return 2;
  }
  let predictor: Predictor;
  try {
    predictor = await loadCommittedPredictor();
  } catch (err) {
    console.error(`cifra-model: cannot load the model: ${describe(err)}`);
    return 1;
  }
  if (command === 'read') {
    const results = await readFiles(files, predictor);
    if (json) console.log(JSON.stringify(results, null, 2));
    else
      for (const r of results) {
        if ('error' in r) console.error(`${r.file}: error: ${r.error.message}`);
        else console.log(readLine(r));
      }
    return results.some((r) => 'error' in r) ? 1 : 0;
  }
  const results = await predictFiles(files, predictor);
  if (json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      if ('error' in r) console.error(`${r.file}: error: ${r.error}`);
      else console.log(`${r.file}: ${r.digit} (${(r.probability * 100).toFixed(1)}%)`);
    }
  }
  return results.some((r) => 'error' in r) ? 1 : 0;
}
