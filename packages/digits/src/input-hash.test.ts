import { describe, expect, it } from 'vitest';
import { DigitsError } from './errors.ts';
import { inputHash } from './input-hash.ts';

describe('inputHash', () => {
  it('is the hex SHA-256 of the 784 bytes', async () => {
    expect(await inputHash(new Uint8Array(784))).toBe(
      '0c37ddc45244523ca3b841e3ea85e147a1d35c6ae1cd767e8c30dabf057516fd',
    );
  });

  it('changes when one byte changes', async () => {
    const a = new Uint8Array(784);
    const b = new Uint8Array(784);
    b[400] = 1;
    expect(await inputHash(a)).not.toBe(await inputHash(b));
  });

  it('rejects anything that is not a model input', async () => {
    await expect(inputHash(new Uint8Array(783))).rejects.toBeInstanceOf(DigitsError);
  });
});
