import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { timing } from 'hono/timing';
import { readConfig } from './config.ts';
import type { AppEnv } from './env.ts';
import { notFound, onError } from './middleware/errors.ts';
import { bodySizeLimit } from './middleware/body-size-limit.ts';
import { jsonBodyLimit } from './middleware/json-body.ts';
import { rateLimit, type LimitName } from './middleware/rate-limit.ts';
import { refuseCrossSite } from './middleware/refuse-cross-site.ts';
import { requestId } from './middleware/request-id.ts';
import { requestLog } from './middleware/request-log.ts';
import { requireAuth } from './middleware/require-auth.ts';
import { requireSecrets } from './middleware/require-secrets.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { auth } from './routes/auth.ts';
import { health } from './routes/health.ts';
import { me } from './routes/me.ts';
import { modelFiles } from './routes/model-files.ts';
import { model } from './routes/model.ts';
import { maxImageBytes, multipartSlackBytes } from './routes/image-upload.ts';
import { predict } from './routes/predict.ts';
import { predictions } from './routes/predictions.ts';
import { read } from './routes/read.ts';

const perIp = (name: string, limit: LimitName) => ({ name, limit, per: 'ip' as const });
const perUser = (name: string, limit: LimitName) => ({ name, limit, per: 'user' as const });

/**
 * Every check of a password shares these per-IP limits (sign-in, password change, deletion);
 * the per-account ones are counted where the username is known (routes/auth.ts checkPassword).
 */
const passwordAttempts = () =>
  rateLimit({
    limits: [perIp('login-ip', 'LIMIT_LOGIN_PER_IP'), perIp('login-ip-hour', 'LIMIT_LOGIN_PER_IP_HOUR')],
  });

/**
 * The Worker's app. The policy of every route — who may call it, from where, how big its body
 * may be, how often — is mounted here, in the order it runs; the handlers in routes/ do the
 * work. Rate limits fail closed unless marked `open` (docs/api.md: when Redis is down).
 */
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

  // Accounts: requests other sites make the browser send are refused; bodies are small JSON.
  app.use('/api/auth/*', refuseCrossSite(), jsonBodyLimit());
  app.post(
    '/api/auth/register',
    requireSecrets(),
    rateLimit({ limits: [perIp('register-ip', 'LIMIT_REGISTER_PER_IP')] }),
  );
  app.post('/api/auth/login', requireSecrets(), passwordAttempts());
  app.post(
    '/api/auth/refresh',
    requireSecrets(),
    rateLimit({ limits: [perIp('refresh-ip', 'LIMIT_REFRESH_PER_IP')] }),
  );
  app.post('/api/auth/logout', rateLimit({ limits: [perIp('refresh-ip', 'LIMIT_REFRESH_PER_IP')] }));
  app.post('/api/auth/password', requireSecrets(), requireAuth(), passwordAttempts());
  app.post('/api/auth/logout-all', requireAuth());
  app.delete('/api/me', refuseCrossSite(), jsonBodyLimit(), requireAuth(), passwordAttempts());
  app.get('/api/me', requireAuth());

  // The model: signed URLs for signed-in users; the files themselves need only the signature.
  app.get(
    '/api/model',
    requireSecrets(),
    requireAuth(),
    rateLimit({ limits: [perUser('model-user', 'LIMIT_MODEL_PER_USER')], failMode: 'open' }),
  );
  app.get('/model/:version/:file', requireSecrets());

  // Recognition. Server-Timing on the routes that compute (decode, preprocess or segment, cache,
  // inference): measured locally, where workerd's clock runs; deployed Workers advance it only at I/O.
  // Both fail closed: inference is the costliest thing the edge does.
  //
  // Reading a number costs at least one prediction, and often a batch of several: /api/read
  // counts against the very same limiters as /api/predict (same names, so the same Redis
  // counters), one request each. Limiters of its own would double what a user or an IP may
  // have the edge infer, and a read could then be used to get around predict's budget. One read
  // is one batch of at most MAX_CANDIDATES (256) inputs (@cifra/digits refuses pictures that
  // would need more): about 65 for an 8-digit number of touching digits, 15 when they are apart.
  const inferenceLimits = () =>
    rateLimit({
      limits: [
        perUser('predict-user', 'LIMIT_PREDICT_PER_USER'),
        perIp('predict-ip-hour', 'LIMIT_PREDICT_PER_IP_HOUR'),
        perIp('predict-ip-day', 'LIMIT_PREDICT_PER_IP_DAY'),
      ],
    });
  for (const path of ['/api/predict', '/api/read'])
    app.post(
      path,
      timing({ crossOrigin: false }),
      requireAuth(),
      bodySizeLimit(maxImageBytes, multipartSlackBytes),
      inferenceLimits(),
    );
  app.use('/api/predictions/*', timing({ crossOrigin: false }), requireAuth());
  app.get(
    '/api/predictions/:version/:hash',
    rateLimit({ limits: [perUser('cache-read-user', 'LIMIT_CACHE_READS_PER_USER')], failMode: 'open' }),
  );
  // Plus, in the handler: 10 contributions the edge's model contradicts per hour and account
  // (LIMIT_CACHE_DISAGREEMENTS_PER_USER) — it counts only what the model finds, after the body.
  app.put(
    '/api/predictions/:version/:hash',
    jsonBodyLimit(),
    rateLimit({
      limits: [
        perUser('cache-write-user', 'LIMIT_CACHE_WRITES_PER_USER'),
        perUser('cache-write-user-day', 'LIMIT_CACHE_WRITES_PER_USER_DAY'),
      ],
      failMode: 'open',
    }),
  );

  app.route('/api/health', health);
  app.route('/api/auth', auth);
  app.route('/api/me', me);
  app.route('/api/model', model);
  app.route('/api/predict', predict);
  app.route('/api/predictions', predictions);
  app.route('/api/read', read);
  app.route('/model', modelFiles);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
