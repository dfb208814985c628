import { useCallback } from 'react';
import type { StoredNumber } from '../../shared/db.ts';
import type { BackendChoice, ImageSource, ReadResult } from '../../shared/inference-protocol.ts';
import { callWorker } from '../inference/inference-client.ts';
import { useUser } from '../session/session.tsx';
import { useModel } from './model-context.tsx';
import { keepDigitResults, numberEntry, saveNumber } from './number-history.ts';

/**
 * Reads a whole number in the inference worker (segmentation, then every candidate as one
 * batch), then keeps it without making the user wait: the number in this user's history, and
 * each digit's answer in the device cache under its input hash. The shared cache is not asked
 * or offered digits: a number would spend one request of the user's allowance per digit.
 */
export function useNumberReader() {
  const model = useModel();
  const { id: userId } = useUser();
  const { personal } = model;

  return useCallback(
    async (
      image: ImageSource,
      backend: BackendChoice,
      signal?: AbortSignal,
    ): Promise<{ read: ReadResult; entry: StoredNumber }> => {
      await model.whenReady();
      signal?.throwIfAborted();
      const read = await callWorker(
        'read',
        { image, backend, personal: personal ?? null },
        signal ? { signal } : {},
      );
      const entry = numberEntry(userId, read);
      // Failures here cost a history entry or a later cache hit, never the answer.
      void keepDigitResults(userId, read).catch(() => {});
      void saveNumber(entry).catch(() => {});
      return { read, entry };
    },
    [model, userId, personal],
  );
}
