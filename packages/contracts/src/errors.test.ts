import { describe, expect, it } from 'vitest';
import { errorBody, errorBodySchema } from './index.ts';

describe('errorBody', () => {
  it('builds the documented shape and the schema accepts it', () => {
    const body = errorBody('not_found', 'No such route');
    expect(body).toEqual({ error: { code: 'not_found', message: 'No such route' } });
    expect(errorBodySchema.parse(body)).toEqual(body);
  });

  it('carries field issues only when given', () => {
    const body = errorBody('invalid_request', 'Invalid body', [{ path: 'username', message: 'Too short' }]);
    expect(body.error.issues).toEqual([{ path: 'username', message: 'Too short' }]);
    // Not given: no `issues` key at all, not even `issues: undefined`.
    const without = errorBody('invalid_request', 'Invalid body');
    expect('issues' in without.error).toBe(false);
    expect(without).toStrictEqual({ error: { code: 'invalid_request', message: 'Invalid body' } });
  });

  it('rejects an unknown code', () => {
    expect(errorBodySchema.safeParse({ error: { code: 'nope', message: 'x' } }).success).toBe(false);
  });
});
