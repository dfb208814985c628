/**
 * Requests the worker has received but not started (they wait in its queue), and which of them
 * the page cancelled meanwhile. A cancel for a request already started or answered is dropped,
 * so nothing is kept for it: the bookkeeping holds at most the queue.
 */
export class WaitingRequests {
  /** id → cancelled while waiting. */
  readonly #waiting = new Map<number, boolean>();

  arrive(id: number): void {
    this.#waiting.set(id, false);
  }

  cancel(id: number): void {
    if (this.#waiting.has(id)) this.#waiting.set(id, true);
  }

  /** The request starts (or would): true when it was cancelled while it waited. */
  start(id: number): boolean {
    const cancelled = this.#waiting.get(id) ?? false;
    this.#waiting.delete(id);
    return cancelled;
  }

  get size(): number {
    return this.#waiting.size;
  }
}
