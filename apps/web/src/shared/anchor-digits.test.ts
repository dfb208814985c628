import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorDigitsPath, anchorDigitsSha256 } from './anchor-digits.ts';

describe('anchor digits', () => {
  it('the SHA-256 the worker checks is that of the committed file it fetches', () => {
    const file = fileURLToPath(new URL(`../../../../public${anchorDigitsPath}`, import.meta.url));
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(anchorDigitsSha256);
  });
});
