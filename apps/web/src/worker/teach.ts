/**
 * Personal fine-tuning in the worker (loaded the first time a person teaches): the built-in
 * digits, checked and kept on the device, and the core's `personalise` on the active backend.
 */
import {
  personalise,
  readAnchorDigits,
  sha256Hex,
  type AnchorDigits,
  type Predictor,
} from '@cifra/inference';
import { anchorDigitsPath, anchorDigitsSha256, personalCacheName } from '../shared/anchor-digits.ts';
import type { BackendName, TeachResult, TeachSample } from '../shared/inference-protocol.ts';
import { WorkerFailure } from './worker-error.ts';

let anchors: AnchorDigits | undefined;

/** The built-in digits: from this device's cache, else fetched; either way checked first. */
async function builtInDigits(): Promise<AnchorDigits> {
  if (anchors) return anchors;
  const url = new URL(anchorDigitsPath, self.location.origin).href;
  const cache = await caches.open(personalCacheName);
  let bytes = await (await cache.match(url))?.arrayBuffer();
  if (!bytes || (await sha256Hex(bytes)) !== anchorDigitsSha256) {
    const response = await fetch(url).catch(() => undefined);
    bytes = response?.ok ? await response.arrayBuffer() : undefined;
    if (!bytes || (await sha256Hex(bytes)) !== anchorDigitsSha256)
      throw new WorkerFailure(
        'anchors_unavailable',
        `The built-in digits could not be ${bytes ? 'checked' : 'fetched'} (${anchorDigitsPath}).`,
      );
    await cache.put(url, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
  }
  anchors = readAnchorDigits(bytes);
  return anchors;
}

/** Trains and guards a personal head on the base predictor, on the backend already active. */
export async function teach(
  predictor: Predictor,
  samples: TeachSample[],
  backend: BackendName,
): Promise<TeachResult> {
  const result = await personalise(
    predictor,
    samples.map((sample) => ({ input: sample.pixels, digit: sample.digit })),
    { anchors: await builtInDigits() },
  );
  const common = {
    backend,
    trainMs: result.trainMs,
    trainedOn: result.trainedOn,
    ...(result.guard ? { guard: result.guard } : {}),
  };
  return result.accepted
    ? { ...common, accepted: true, head: result.head }
    : { ...common, accepted: false, reason: result.reason };
}
