import { deleteAccountBodySchema, type Me } from '@cifra/contracts';
import { Hono } from 'hono';
import { keysNamingAccount, removeGeneration } from '../auth/account-state.ts';
import { eraseAccountTokens } from '../auth/refresh-tokens.ts';
import { clearRefreshCookie } from '../auth/session.ts';
import { deleteUser } from '../auth/users.ts';
import type { AppEnv } from '../env.ts';
import { readJsonBody } from '../middleware/json-body.ts';
import { checkPassword, failClosed, redisFor } from './auth.ts';

/**
 * `GET /api/me`: who the access token says you are. `DELETE /api/me` `{password}`: erases the
 * account — its record, every refresh family and token record, its token generation (so every
 * access token ends at once), and every counter or quota named after it. The name stays
 * reserved for a cool-down (users.ts). The shared cache holds no attribution to erase: it keeps
 * only the edge's own answers, never who asked. Policies: app.ts.
 */
export const me = new Hono<AppEnv>()
  .get('/', (c) => {
    const user = c.get('user');
    const body: Me = { id: user.sub, username: user.name, tokenExpiresAt: user.exp };
    return c.json(body);
  })
  .delete('/', async (c) => {
    const { password } = await readJsonBody(c, deleteAccountBodySchema);
    const user = await checkPassword(c, c.get('user').name, password);
    const redis = redisFor(c);
    await failClosed(removeGeneration(redis, user.id));
    await failClosed(eraseAccountTokens(redis, user.id));
    await failClosed(deleteUser(redis, user));
    const counters = await failClosed(keysNamingAccount(redis, user.id));
    if (counters.length > 0) await failClosed(redis.del(...counters));
    clearRefreshCookie(c);
    return c.body(null, 204);
  });
