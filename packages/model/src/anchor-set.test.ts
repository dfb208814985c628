import { readFileSync } from 'node:fs';
import { writeAnchorDigits } from '@cifra/inference';
import { describe, expect, it } from 'vitest';
import { anchorSet, readCommittedAnchors } from './anchor-set.ts';
import { loadMnist } from './mnist.ts';
import { anchorDigitsFile } from './paths.ts';

describe('anchorSet', () => {
  it('is what `npm run anchors` writes: the committed file holds exactly that pick', () => {
    const made = writeAnchorDigits(anchorSet(loadMnist('train')));
    expect(Buffer.from(readFileSync(anchorDigitsFile())).equals(Buffer.from(made))).toBe(true);
  });

  it('picks 30 training and 30 check digits of each class, none twice', () => {
    const { train, check } = readCommittedAnchors();
    for (let digit = 0; digit < 10; digit++) {
      expect(train.filter((a) => a.digit === digit)).toHaveLength(30);
      expect(check.filter((a) => a.digit === digit)).toHaveLength(30);
    }
    const seen = new Set([...train, ...check].map((a) => Buffer.from(a.input).toString('base64')));
    expect(seen.size).toBe(600);
  });
});
