import { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { notFound, onError } from './middleware/errors.ts';
import { requestId } from './middleware/request-id.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { health } from './routes/health.ts';

/** The Worker's app: middleware that holds on every route, then one sub-app per route group. */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders());
  app.use(requestId());
  app.route('/api/health', health);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
