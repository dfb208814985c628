import { securityHeaders as policy } from '@cifra/contracts';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/**
 * Puts the policy of `@cifra/contracts` on every response the Worker makes, including errors
 * and assets it passes through. API answers are never cached by shared caches.
 */
export function securityHeaders() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    // Responses from fetch() (assets) have immutable headers: copy them first.
    const headers = new Headers(c.res.headers);
    for (const [name, value] of Object.entries(policy)) headers.set(name, value);
    if (c.req.path.startsWith('/api/') && !headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  });
}
