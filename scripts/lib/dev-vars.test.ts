import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDevVars, parseDevVars, ReusedSecretError } from './dev-vars.ts';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'cifra-devvars-')), '.dev.vars');

describe('ensureDevVars', () => {
  it('writes both secrets, 32+ bytes each, when the file is missing', () => {
    const path = tempFile();
    expect(ensureDevVars(path)).toEqual(['JWT_SECRET', 'URL_SIGNING_SECRET']);
    const vars = parseDevVars(readFileSync(path, 'utf8'));
    expect(Buffer.from(vars.get('JWT_SECRET') ?? '', 'base64url')).toHaveLength(32);
    expect(vars.get('URL_SIGNING_SECRET')).not.toBe(vars.get('JWT_SECRET'));
  });

  it('keeps good secrets and other lines, replaces a short one', () => {
    const path = tempFile();
    const good = 'k'.repeat(40);
    writeFileSync(path, `JWT_SECRET=${good}\nURL_SIGNING_SECRET=short\nOTHER="x y"\n`);
    expect(ensureDevVars(path)).toEqual(['URL_SIGNING_SECRET']);
    const vars = parseDevVars(readFileSync(path, 'utf8'));
    expect(vars.get('JWT_SECRET')).toBe(good);
    expect(vars.get('URL_SIGNING_SECRET')?.length).toBeGreaterThanOrEqual(43);
    expect(vars.get('OTHER')).toBe('x y');
    expect(ensureDevVars(path)).toEqual([]);
  });

  it('refuses to go on when both secrets are the same value, and changes nothing', () => {
    const path = tempFile();
    const text = `JWT_SECRET=${'s'.repeat(40)}\nURL_SIGNING_SECRET=${'s'.repeat(40)}\n`;
    writeFileSync(path, text);
    expect(() => ensureDevVars(path)).toThrow(ReusedSecretError);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
