import { exports } from 'cloudflare:workers';
import { errorBodySchema, healthSchema, securityHeaders } from '@cifra/contracts';
import { describe, expect, it } from 'vitest';

const worker = exports.default;
const base = 'http://cifra.test';

describe('GET /api/health', () => {
  it('reports the Worker and a real Redis as up', async () => {
    const response = await worker.fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    const body = healthSchema.parse(await response.json());
    expect(body).toMatchObject({ ok: true, redis: 'up' });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('carries the security headers and no-store', async () => {
    const response = await worker.fetch(`${base}/api/health`);
    for (const [name, value] of Object.entries(securityHeaders)) {
      expect(response.headers.get(name)).toBe(value);
    }
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unknown routes', () => {
  it('answer 404 in the documented error shape under /api', async () => {
    const response = await worker.fetch(`${base}/api/nope`, { method: 'POST' });
    expect(response.status).toBe(404);
    const body = errorBodySchema.parse(await response.json());
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('/api/nope');
    expect(response.headers.get('content-security-policy')).toBe(securityHeaders['Content-Security-Policy']);
  });

  it('answer 404 JSON under /model', async () => {
    const response = await worker.fetch(`${base}/model/only-one-segment`);
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(await response.json()).error.code).toBe('not_found');
  });
});
