import { cachedPredictionSchema, type ContributionBody } from '@cifra/contracts';
import { useCallback } from 'react';
import type { ResultSource } from '../../shared/db.ts';
import type { BackendChoice, ImageSource, Prediction } from '../../shared/inference-protocol.ts';
import { api, ApiRequestError } from '../api/api-client.ts';
import { callWorker } from '../inference-client.ts';
import { useSession } from '../session/session.tsx';
import { contributesToSharedCache } from './contribution-setting.ts';
import { useModel } from './model-context.tsx';
import { findResult, saveResult } from './results-store.ts';

/** An answer as shown: the prediction and where it came from. */
export interface ShownResult extends Prediction {
  source: ResultSource;
  ms?: number;
}

/** One picture's outcome. */
export interface Recognition {
  name: string;
  pixels?: Uint8Array;
  result?: ShownResult;
  error?: string;
  /** E.g. "webgpu is unavailable here; used wasm". */
  note?: string;
}

/**
 * The recognition pipeline: decode and preprocess in the worker → this device's cache →
 * (while the model is still loading) the shared cache → the model, as one batch → remember
 * locally and contribute to the shared cache without blocking the UI.
 */
export function useRecognizer() {
  const model = useModel();
  const { state: session } = useSession();
  const online = session.status === 'signed-in';
  // Results on this device are per user: another person's cached answers never show here.
  const userId = 'user' in session ? session.user.id : undefined;

  return useCallback(
    async (
      images: { name: string; source: ImageSource }[],
      backend: BackendChoice,
      signal?: AbortSignal,
    ): Promise<Recognition[]> => {
      if (!userId) throw new Error('Recognition needs a signed-in user');
      const options = signal ? { signal } : {};
      const prepared = await callWorker('prepare', { images: images.map((image) => image.source) }, options);
      const version = model.announcedVersion ?? (await model.whenReady());
      const outcomes: Recognition[] = [];
      const misses: { index: number; pixels: Uint8Array; hash: string }[] = [];

      for (const [index, item] of prepared.entries()) {
        const name = images[index]?.name ?? `#${index + 1}`;
        if (!item.ok) {
          outcomes.push({ name, error: item.error });
          continue;
        }
        outcomes.push({ name, pixels: item.pixels });
        const cached = await findResult(userId, version, item.hash);
        if (cached)
          outcomes[index] = {
            name,
            pixels: item.pixels,
            result: { ...pick(cached), source: 'device-cache' },
          };
        else misses.push({ index, pixels: item.pixels, hash: item.hash });
      }

      let remaining = misses;
      if (remaining.length > 0 && online && model.state.status !== 'ready') {
        const stillMissing: typeof misses = [];
        for (const miss of remaining) {
          const shared = await api(`/api/predictions/${version}/${miss.hash}`, {}, (body) =>
            cachedPredictionSchema.parse(body),
          ).catch((error: unknown) => {
            if (error instanceof ApiRequestError && error.status === 404) return undefined;
            throw error;
          });
          if (!shared) {
            stillMissing.push(miss);
            continue;
          }
          const result: ShownResult = { ...pick(shared), source: 'shared-cache' };
          outcomes[miss.index] = { name: outcomes[miss.index]?.name ?? '', pixels: miss.pixels, result };
          void saveResult(userId, {
            modelVersion: version,
            inputHash: miss.hash,
            pixels: miss.pixels,
            ...result,
          }).catch(() => {});
        }
        remaining = stillMissing;
      }

      if (remaining.length > 0) {
        const readyVersion = await model.whenReady();
        signal?.throwIfAborted();
        const answer = await callWorker(
          'predict',
          { inputs: remaining.map((miss) => miss.pixels), backend },
          options,
        );
        for (const [position, miss] of remaining.entries()) {
          const prediction = answer.predictions[position];
          if (!prediction) continue;
          const result: ShownResult = { ...prediction, source: answer.backend, ms: answer.ms };
          outcomes[miss.index] = {
            name: outcomes[miss.index]?.name ?? '',
            pixels: miss.pixels,
            result,
            ...(answer.fallbackNote ? { note: answer.fallbackNote } : {}),
          };
          void saveResult(userId, {
            modelVersion: readyVersion,
            inputHash: miss.hash,
            pixels: miss.pixels,
            ...result,
          }).catch(() => {});
          if (online && contributesToSharedCache(userId))
            void contribute(readyVersion, miss.hash, miss.pixels, prediction.digit);
        }
      }
      return outcomes;
    },
    [model, online, userId],
  );
}

function pick(source: Prediction): Prediction {
  return { digit: source.digit, probability: source.probability, probabilities: [...source.probabilities] };
}

/**
 * Offers this input to the shared cache: the edge checks the hash, runs its own model and keeps
 * its own answer. Failures (offline, a disagreement, a limit) only cost a future cache hit.
 */
async function contribute(version: string, hash: string, pixels: Uint8Array, digit: number): Promise<void> {
  const body: ContributionBody = { input: toBase64(pixels), digit };
  await api(`/api/predictions/${version}/${hash}`, { method: 'PUT', json: body }).catch(() => {});
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
