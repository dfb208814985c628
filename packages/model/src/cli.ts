/**
 * `cifra-model predict <files…> [--json]`: decode each picture, preprocess it with
 * @cifra/digits exactly as the app does, and print the digit and its probability. A bad file
 * gets its own error line (or `{file, error}`); the others are still answered; the exit code
 * is 1 when any file failed, 2 on wrong usage.
 */
import { readFile } from 'node:fs/promises';
import { DigitsError, toModelInput } from '@cifra/digits';
import { decodeImage } from '@cifra/image-decode';
import type { Prediction, Predictor } from '@cifra/inference';
import { loadCommittedPredictor } from './predictor.ts';

type Result = ({ file: string } & Prediction) | { file: string; error: string };

const USAGE =
  'usage: cifra-model predict <image files…> [--json]\n  PNG, JPEG or GIF; prints the digit and its probability per file';

function describe(err: unknown): string {
  if (err instanceof DigitsError && err.code === 'no_ink') return 'no ink: the picture looks blank';
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Files on the user's own machine: a phone's 12 MP photo must work here, so the decode budget
 * is far above the edge's 48 MB (an isolate has 128 MB); the header checks stay as strict.
 */
const cliDecodeLimits = { maxDecodeBytes: 1024 * 2 ** 20 };

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

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'predict' || files.length === 0 || files.some((f) => f.startsWith('--'))) {
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
