import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { timing } from 'hono/timing';
import { readConfig } from './config.ts';
import type { AppEnv } from './env.ts';
import { notFound, onError } from './middleware/errors.ts';
import { requestId } from './middleware/request-id.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { auth } from './routes/auth.ts';
import { health } from './routes/health.ts';
import { me } from './routes/me.ts';
import { modelFiles } from './routes/model-files.ts';
import { model } from './routes/model.ts';
import { predict } from './routes/predict.ts';
import { predictions } from './routes/predictions.ts';

/** The Worker's app: middleware that holds on every route, then one sub-app per route group. */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders());
  app.use(requestId());
  app.use(requestLog());
  // Same origin only, unless CORS_ORIGINS names others (credentials allowed for those alone).
  app.use('/api/*', async (c, next) => {
    const origins = readConfig(c.env).CORS_ORIGINS;
    if (origins.length === 0) return next();
    return cors({ origin: origins, credentials: true, maxAge: 600 })(c, next);
  });
  app.route('/api/health', health);
  app.route('/api/auth', auth);
  app.route('/api/me', me);
  app.route('/api/model', model);
  // Server-Timing on the routes that compute (decode, preprocess, cache, inference): measured
  // locally, where workerd's clock runs; deployed Workers advance it only at I/O.
  app.use('/api/predict', timing({ crossOrigin: false }));
  app.use('/api/predictions/*', timing({ crossOrigin: false }));
  app.route('/api/predictions', predictions);
  app.route('/api/predict', predict);
  app.route('/model', modelFiles);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
