import '../../test-support/fresh-indexeddb.ts';
import { describe, expect, it, vi } from 'vitest';
import type { ReadResult } from '../../shared/inference-protocol.ts';

const modules = async () => ({
  ...(await import('./number-history.ts')),
  ...(await import('./results-store.ts')),
});
const alice = 'user-alice';
const bob = 'user-bob';

const probabilities = (digit: number, p: number) =>
  Array.from({ length: 10 }, (_, index) => (index === digit ? p : (1 - p) / 9));

/** A read of "20" as the worker answers it: each digit's input is 784 bytes, filled with its digit. */
function read(digits = [2, 0]): ReadResult {
  return {
    answer: {
      number: digits.join(''),
      digits: digits.map((digit, index) => ({
        digit,
        probability: 0.97,
        box: { x: index * 100, y: 0, width: 80, height: 100 },
        lowConfidence: false,
      })),
    },
    digits: digits.map((digit) => ({
      pixels: new Uint8Array(784).fill(digit + 1),
      hash: `hash-${digit}`,
      digit,
      probability: 0.97,
      probabilities: probabilities(digit, 0.97),
    })),
    width: 980,
    height: 280,
    version: 'v1',
    backend: 'wasm',
    ms: 3,
    batch: 2,
  };
}

describe('a number read, kept on the device', () => {
  it('each digit’s answer is kept under its input hash, found as a single-digit prediction of that input would be', async () => {
    const { keepDigitResults, findResult } = await modules();
    await keepDigitResults(alice, read());
    const two = await findResult(alice, 'v1', 'hash-2');
    expect(two).toMatchObject({ digit: 2, probability: 0.97, source: 'wasm', inputHash: 'hash-2' });
    expect(two?.probabilities).toEqual(probabilities(2, 0.97));
    expect(two?.pixels).toEqual(new Uint8Array(784).fill(3));
    expect((await findResult(alice, 'v1', 'hash-0'))?.digit).toBe(0);
    // Another user, or another model version, finds nothing.
    expect(await findResult(bob, 'v1', 'hash-2')).toBeUndefined();
    expect(await findResult(alice, 'v2', 'hash-2')).toBeUndefined();
  });

  it('a digit the number read otherwise than the model alone is kept as the model’s own answer for its input', async () => {
    const { keepDigitResults, findResult } = await modules();
    const seven = read([2, 0]);
    // The reading weighed the number head and took the second part for a 7; alone, the model says 0.
    seven.answer.number = '27';
    seven.answer.digits[1] = {
      ...(seven.answer.digits[1] as ReadResult['answer']['digits'][number]),
      digit: 7,
    };
    await keepDigitResults(alice, seven);
    expect(await findResult(alice, 'v1', 'hash-0')).toMatchObject({ digit: 0, probability: 0.97 });
  });

  it('an input already answered keeps its earlier answer and its place in the history', async () => {
    const { keepDigitResults, findResult, saveResult } = await modules();
    const earlier = await saveResult(alice, {
      modelVersion: 'v1',
      inputHash: 'hash-2',
      digit: 2,
      probability: 0.91,
      probabilities: probabilities(2, 0.91),
      source: 'device-cache',
      pixels: new Uint8Array(784),
    });
    await keepDigitResults(alice, read());
    expect(await findResult(alice, 'v1', 'hash-2')).toEqual(earlier);
  });

  it('the number is listed per user, newest first; saving it again (a fix) replaces it', async () => {
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now++);
    const { numberEntry, saveNumber, listNumbers } = await modules();
    const first = numberEntry(alice, read([2, 0]));
    const second = numberEntry(alice, read([2, 6]));
    await saveNumber(first);
    await saveNumber(second);
    await saveNumber(numberEntry(bob, read([7])));
    expect((await listNumbers(alice)).map((entry) => entry.number)).toEqual(['26', '20']);
    expect((await listNumbers(bob)).map((entry) => entry.number)).toEqual(['7']);

    await saveNumber({
      ...first,
      number: '21',
      digits: first.digits.map((d, i) => (i === 1 ? { ...d, digit: 1, fixed: true } : d)),
    });
    const kept = await listNumbers(alice);
    expect(kept.map((entry) => entry.number)).toEqual(['26', '21']);
    expect(kept[1]?.digits[1]).toMatchObject({ digit: 1, fixed: true, inputHash: 'hash-0' });
    vi.restoreAllMocks();
  });

  it('the history lists a number once, not its digits, among single-digit answers by time', async () => {
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now++);
    const { keepDigitResults, numberEntry, saveNumber, listNumbers, listResults, saveResult, mergeHistory } =
      await modules();
    await saveResult(alice, {
      modelVersion: 'v1',
      inputHash: 'single-7',
      digit: 7,
      probability: 0.9,
      probabilities: probabilities(7, 0.9),
      source: 'wasm',
      pixels: new Uint8Array(784),
    });
    const entry = numberEntry(alice, read(), Date.now());
    await keepDigitResults(alice, read());
    await saveNumber(entry);
    const history = mergeHistory(await listResults(alice), await listNumbers(alice));
    expect(history.map(({ kind, item }) => (kind === 'number' ? item.number : String(item.digit)))).toEqual([
      '20',
      '7',
    ]);
    vi.restoreAllMocks();
  });

  it('clearing a user’s results clears their numbers too, and only theirs', async () => {
    const { numberEntry, saveNumber, listNumbers, clearResults } = await modules();
    await saveNumber(numberEntry(alice, read()));
    await saveNumber(numberEntry(bob, read()));
    await clearResults(alice);
    expect(await listNumbers(alice)).toEqual([]);
    expect(await listNumbers(bob)).toHaveLength(1);
  });

  it('reading numbers never pushes single-digit answers out of the history: number digits go first', async () => {
    const { keepDigitResults, saveResult, historyCap } = await modules();
    const { listResults } = await import('./number-history.ts');
    for (let index = 0; index < historyCap; index++)
      await saveResult(alice, {
        modelVersion: 'v1',
        inputHash: `drawn-${index}`,
        pixels: new Uint8Array(784),
        digit: index % 10,
        probability: 0.99,
        probabilities: probabilities(index % 10, 0.99),
        source: 'wasm',
        ms: 1,
      });
    // Eight numbers of eight new digits each: 64 digit answers over the cap.
    for (let n = 0; n < 8; n++) {
      const number = read([0, 1, 2, 3, 4, 5, 6, 7]);
      number.digits.forEach((digit, index) => (digit.hash = `number-${n}-${index}`));
      await keepDigitResults(alice, number);
    }
    const kept = await listResults(alice);
    expect(kept.filter((item) => !item.inNumber)).toHaveLength(historyCap);
  });

  it('keeps at most the history cap of numbers per user, dropping the oldest', async () => {
    const { numberEntry, saveNumber, listNumbers, historyCap } = await modules();
    await saveNumber(numberEntry(bob, read(), 1));
    for (let index = 0; index <= historyCap; index++)
      await saveNumber(numberEntry(alice, read([index % 10]), 1_000 + index));
    const kept = await listNumbers(alice);
    expect(kept).toHaveLength(historyCap);
    expect(kept[0]?.createdAt).toBe(1_000 + historyCap);
    expect(kept.at(-1)?.createdAt).toBe(1_001);
    expect(await listNumbers(bob)).toHaveLength(1);
  });
});
