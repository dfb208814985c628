import { cachedPredictionSchema, type ContributionBody } from '@cifra/contracts';
import { useCallback } from 'react';
import type { BackendChoice, ImageSource, Prediction } from '../../shared/inference-protocol.ts';
import { api, ApiRequestError } from '../api/api-client.ts';
import { callWorker } from '../inference/inference-client.ts';
import { personalKey } from '../../shared/db.ts';
import { useSession } from '../session/session.tsx';
import { contributesToSharedCache } from './contribution-setting.ts';
import { useModel } from './model-context.tsx';
import { recognise, type Recognition } from './recognition-order.ts';
import { findResult, saveResult } from './results-store.ts';

export type { Recognition, ShownResult } from './recognition-order.ts';

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
  const { personal } = model;

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
      // The shared cache is worth a round trip only while the model is still on its way; a
      // personal model's answers are this person's alone: never read from it nor given to it.
      const askShared = online && model.state.status !== 'ready' && !personal;
      const deviceVersion = personalKey(version, personal);
      return recognise(
        images.map((image) => image.name),
        prepared,
        {
          version: deviceVersion,
          onDevice: (hash) => findResult(userId, deviceVersion, hash),
          ...(askShared ? { shared: (hash: string) => fromSharedCache(version, hash) } : {}),
          async predict(inputs) {
            const readyVersion = await model.whenReady();
            signal?.throwIfAborted();
            const answer = await callWorker(
              'predict',
              { inputs, backend, personal: personal ?? null },
              options,
            );
            return { ...answer, version: personalKey(readyVersion, answer.personal) };
          },
          keep({ source, version: answerVersion, hash, pixels, result }) {
            void saveResult(userId, {
              modelVersion: answerVersion,
              inputHash: hash,
              pixels,
              ...result,
            }).catch(() => {});
            if (source === 'model' && !result.personal && online && contributesToSharedCache(userId))
              void contribute(answerVersion, hash, pixels, result.digit);
          },
        },
      );
    },
    [model, online, userId, personal],
  );
}

/** The shared cache's answer for this input, or undefined when it has none. */
async function fromSharedCache(version: string, hash: string): Promise<Prediction | undefined> {
  return api(`/api/predictions/${version}/${hash}`, {}, (body) => cachedPredictionSchema.parse(body)).catch(
    (error: unknown) => {
      if (error instanceof ApiRequestError && error.status === 404) return undefined;
      throw error;
    },
  );
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
