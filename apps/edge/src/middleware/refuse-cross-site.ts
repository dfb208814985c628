import { createMiddleware } from 'hono/factory';
import { readConfig } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from './errors.ts';

/**
 * Refuses requests another site made the browser send (a form or script on evil.example
 * posting to our cookie and account routes): `Sec-Fetch-Site` must be same-origin (or absent
 * or `none`: curl, the address bar), and an `Origin`, when sent, must be this origin or one
 * that CORS_ORIGINS allows.
 */
export function refuseCrossSite() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const allowed = new Set([new URL(c.req.url).origin, ...readConfig(c.env).CORS_ORIGINS]);
    const crossSite = (site && site !== 'same-origin' && site !== 'none') || (origin && !allowed.has(origin));
    if (crossSite)
      throw new ApiError(403, 'cross_site', 'This request came from another site and was refused.');
    await next();
  });
}
