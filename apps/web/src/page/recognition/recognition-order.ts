/**
 * The recognition pipeline's order as a plain function: for each prepared picture, this
 * device's cache first, then (when it may be asked) the shared cache, and only what is still
 * missing goes to the model, as one batch. Where answers are kept is the caller's business.
 */
import type { ResultSource } from '../../shared/db.ts';
import type {
  BackendName,
  PredictResult,
  Prediction,
  PreparedImage,
  WorkerErrorCode,
} from '../../shared/inference-protocol.ts';

/** An answer as shown: the prediction and where it came from. */
export interface ShownResult extends Prediction {
  source: ResultSource;
  ms?: number;
  /** Answered by the user's personal model (now, or when first kept on this device). */
  personal?: true;
}

/** One picture's outcome. */
export interface Recognition {
  name: string;
  pixels?: Uint8Array;
  result?: ShownResult;
  /** Why this picture has no answer (the page words it). */
  error?: WorkerErrorCode;
  /** The backend asked for, when another one had to answer. */
  fellBackFrom?: BackendName;
}

/** An answer found in the shared cache or computed by the model, for the caller to keep. */
export interface NewAnswer {
  source: 'shared-cache' | 'model';
  version: string;
  hash: string;
  pixels: Uint8Array;
  result: ShownResult;
}

export interface RecognitionSteps {
  /** The model version the caches are asked about. */
  version: string;
  onDevice(hash: string): Promise<(Prediction & { personal?: true }) | undefined>;
  /** Absent when the shared cache is not to be asked (offline, the model already answers, or a personal model does). */
  shared?: (hash: string) => Promise<Prediction | undefined>;
  /** Runs the model on a batch; answers with the version that computed it. */
  predict(inputs: Uint8Array[]): Promise<PredictResult & { version: string }>;
  keep(answer: NewAnswer): void;
}

function pick(source: Prediction & { personal?: unknown }): Prediction & { personal?: true } {
  return {
    digit: source.digit,
    probability: source.probability,
    probabilities: [...source.probabilities],
    ...(source.personal ? { personal: true as const } : {}),
  };
}

export async function recognise(
  names: string[],
  prepared: PreparedImage[],
  steps: RecognitionSteps,
): Promise<Recognition[]> {
  const outcomes: Recognition[] = [];
  let misses: { index: number; pixels: Uint8Array; hash: string }[] = [];

  for (const [index, item] of prepared.entries()) {
    const name = names[index] ?? `#${index + 1}`;
    if (!item.ok) {
      outcomes.push({ name, error: item.code });
      continue;
    }
    const cached = await steps.onDevice(item.hash);
    outcomes.push(
      cached
        ? { name, pixels: item.pixels, result: { ...pick(cached), source: 'device-cache' } }
        : { name, pixels: item.pixels },
    );
    if (!cached) misses.push({ index, pixels: item.pixels, hash: item.hash });
  }

  const { shared } = steps;
  if (misses.length > 0 && shared) {
    const stillMissing: typeof misses = [];
    for (const miss of misses) {
      const found = await shared(miss.hash);
      if (!found) {
        stillMissing.push(miss);
        continue;
      }
      const result: ShownResult = { ...pick(found), source: 'shared-cache' };
      outcomes[miss.index] = { name: outcomes[miss.index]?.name ?? '', pixels: miss.pixels, result };
      steps.keep({
        source: 'shared-cache',
        version: steps.version,
        hash: miss.hash,
        pixels: miss.pixels,
        result,
      });
    }
    misses = stillMissing;
  }

  if (misses.length > 0) {
    const answer = await steps.predict(misses.map((miss) => miss.pixels));
    for (const [position, miss] of misses.entries()) {
      const prediction = answer.predictions[position];
      if (!prediction) continue;
      const result: ShownResult = {
        ...prediction,
        source: answer.backend,
        ms: answer.ms,
        ...(answer.personal ? { personal: true as const } : {}),
      };
      outcomes[miss.index] = {
        name: outcomes[miss.index]?.name ?? '',
        pixels: miss.pixels,
        result,
        ...(answer.fellBackFrom ? { fellBackFrom: answer.fellBackFrom } : {}),
      };
      steps.keep({ source: 'model', version: answer.version, hash: miss.hash, pixels: miss.pixels, result });
    }
  }
  return outcomes;
}
