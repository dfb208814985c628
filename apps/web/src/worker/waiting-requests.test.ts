import { describe, expect, it } from 'vitest';
import { WaitingRequests } from './waiting-requests.ts';

describe('requests waiting in the worker', () => {
  it('a request cancelled while it waits is not run', () => {
    const waiting = new WaitingRequests();
    waiting.arrive(1);
    waiting.cancel(1);
    expect(waiting.start(1)).toBe(true);
    expect(waiting.size).toBe(0);
  });

  it('cancels of requests already answered leave nothing behind, drawing after drawing', () => {
    const waiting = new WaitingRequests();
    for (let drawing = 0; drawing < 100; drawing++) {
      const [prepare, predict] = [drawing * 2 + 1, drawing * 2 + 2];
      for (const id of [prepare, predict]) {
        waiting.arrive(id);
        expect(waiting.start(id)).toBe(false);
      }
      // The next drawing aborts this one's signal after both calls have settled.
      waiting.cancel(prepare);
      waiting.cancel(predict);
    }
    expect(waiting.size).toBe(0);
  });

  it('a cancel for an id never seen is ignored', () => {
    const waiting = new WaitingRequests();
    waiting.cancel(7);
    expect(waiting.size).toBe(0);
    waiting.arrive(7);
    expect(waiting.start(7)).toBe(false);
  });
});
