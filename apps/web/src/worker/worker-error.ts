/**
 * Errors of the inference worker as codes: the page, not the worker, knows the user's language,
 * so only a code (and English detail for logs) crosses to it.
 */
import { DigitsError } from '@cifra/digits';
import { ModelIntegrityError } from '@cifra/inference';
import type { WorkerErrorCode } from '../shared/inference-protocol.ts';

/** A failure the page can name: its code says what happened, its message is detail for logs. */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The code of anything thrown in the worker; `worker_failed` for what has none. */
export function errorCode(error: unknown): WorkerErrorCode {
  if (error instanceof WorkerFailure) return error.code;
  if (error instanceof ModelIntegrityError) return 'model_integrity';
  // A picture the segmentation refuses: blank, or more marks than any number has.
  if (error instanceof DigitsError && (error.code === 'no_ink' || error.code === 'too_many_digits'))
    return error.code;
  return 'worker_failed';
}
