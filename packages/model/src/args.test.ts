import { describe, expect, it } from 'vitest';
import { numberFlag, parseArgs, stringFlag } from './args.ts';

describe('parseArgs', () => {
  it('reads value flags, inline values, switches and positionals', () => {
    const { flags, rest } = parseArgs([
      '--epochs',
      '3',
      '--out=/tmp/a b',
      '--no-export',
      'x',
      '--root',
      '/r',
    ]);
    expect(numberFlag(flags, 'epochs', 30)).toBe(3);
    expect(stringFlag(flags, 'out', '')).toBe('/tmp/a b');
    expect(flags.get('no-export')).toBe(true);
    expect(stringFlag(flags, 'root', '')).toBe('/r');
    expect(numberFlag(flags, 'seed', 42)).toBe(42);
    expect(rest).toEqual(['x']);
  });

  it('refuses a non-number where a number is needed', () => {
    expect(() => numberFlag(parseArgs(['--epochs', 'many']).flags, 'epochs', 1)).toThrow(/needs a number/);
  });
});
