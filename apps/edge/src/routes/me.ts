import type { Me } from '@cifra/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { requireAuth } from '../middleware/require-auth.ts';

/** `GET /api/me`: who the access token says you are. Needs no Redis. */
export const me = new Hono<AppEnv>().get('/', requireAuth(), (c) => {
  const user = c.get('user');
  const body: Me = { id: user.sub, username: user.name, tokenExpiresAt: user.exp };
  return c.json(body);
});
