/**
 * Refresh tokens: 256 random bits, only their SHA-256 stored, each usable once. Every token
 * belongs to a family (one sign-in); presenting a token that was already rotated means it
 * leaked, so the whole family is revoked.
 *
 * Keys: `cifra:refresh:<hash>` → the token's record (TTL = token life);
 * `cifra:refresh-used:<hash>` → `{ familyId, at }`: its family and when it was rotated (same TTL);
 * `cifra:refresh-family:<id>` → user id while the family is valid.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { hmacSha256, randomToken, sha256Hex } from '../utils/crypto.ts';
import { toBase64Url } from '../utils/encoding.ts';
import { familiesKey, tokensKey } from './account-state.ts';

type TokenRedis = Pick<Redis, 'set' | 'get' | 'getdel' | 'del' | 'sadd' | 'smembers' | 'expire' | 'eval'>;

export interface RefreshRecord {
  userId: string;
  username: string;
  familyId: string;
}

export type RotateOutcome =
  { status: 'rotated'; token: string; record: RefreshRecord } | { status: 'reused' } | { status: 'invalid' };

const tokenKey = (hash: string) => `cifra:refresh:${hash}`;
const usedKey = (hash: string) => `cifra:refresh-used:${hash}`;
const familyKey = (id: string) => `cifra:refresh-family:${id}`;

async function store(redis: TokenRedis, record: RefreshRecord, ttlSeconds: number): Promise<string> {
  const token = randomToken(32);
  const hash = await sha256Hex(token);
  await redis.set(tokenKey(hash), record, { ex: ttlSeconds });
  // Indexed per account, so deleting the account can erase every token record it left.
  await redis.sadd(tokensKey(record.userId), hash);
  await redis.expire(tokensKey(record.userId), ttlSeconds);
  return token;
}

/** Starts a family (a sign-in) and returns its first token. */
export async function issueRefreshToken(
  redis: TokenRedis,
  user: { id: string; username: string },
  ttlSeconds: number,
): Promise<string> {
  const familyId = crypto.randomUUID();
  await redis.set(familyKey(familyId), user.id, { ex: ttlSeconds });
  await redis.sadd(familiesKey(user.id), familyId);
  await redis.expire(familiesKey(user.id), ttlSeconds);
  return store(redis, { userId: user.id, username: user.username, familyId }, ttlSeconds);
}

export interface RotateOptions {
  ttlSeconds: number;
  /** How long the old token still gets the same successor (see config REFRESH_GRACE_SECONDS). */
  graceSeconds: number;
  /** Key that derives a token's successor (the JWT secret): only the edge can compute it. */
  successorKey: string;
}

/**
 * The token that follows `token`: derived, not random, so that a second use within the grace
 * window (another tab, a retried request) gets the very same successor without any plaintext
 * token being stored. Unpredictable without both the old token and the edge's key.
 */
async function successorOf(token: string, key: string): Promise<string> {
  // A key of its own, derived from the JWT secret: one key, one job.
  const successorKey = toBase64Url(await hmacSha256(key, 'cifra/refresh-successor-key/v1'));
  return toBase64Url(await hmacSha256(successorKey, token));
}

// One atomic step: look the token up, spend it, mark it used and store its successor. Nothing
// can land between the spend and the mark, so a replay is always seen as one.
// KEYS: token, used mark, successor. ARGV: now ms, grace ms, ttl s, successor hash. The family
// and account keys are named from the record (Upstash is one shard, so that is allowed).
// Used marks written before the grace window held the bare family id: read as used long ago.
// Returns { 'rotated', record } | { 'again', record } (within the grace) | { 'reused' } | { 'invalid' }.
const rotateScript = `
local now, grace, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local raw = redis.call('GET', KEYS[1])
if raw then
  local record = cjson.decode(raw)
  local family = 'cifra:refresh-family:' .. record.familyId
  redis.call('DEL', KEYS[1])
  if redis.call('EXISTS', family) == 0 then return { 'invalid' } end
  redis.call('SET', KEYS[2], cjson.encode({ familyId = record.familyId, at = now }), 'EX', ttl)
  redis.call('SET', KEYS[3], raw, 'EX', ttl)
  -- The family lives as long as its newest token; the account indexes its token records.
  redis.call('SET', family, record.userId, 'EX', ttl)
  -- The account's indexes live as long as its newest token too: sign-out everywhere and a
  -- password change find every family that can still refresh.
  redis.call('SADD', 'cifra:user-families:' .. record.userId, record.familyId)
  redis.call('EXPIRE', 'cifra:user-families:' .. record.userId, ttl)
  redis.call('SADD', 'cifra:user-tokens:' .. record.userId, ARGV[4])
  redis.call('EXPIRE', 'cifra:user-tokens:' .. record.userId, ttl)
  return { 'rotated', raw }
end
local usedRaw = redis.call('GET', KEYS[2])
if not usedRaw then return { 'invalid' } end
local ok, used = pcall(cjson.decode, usedRaw)
if not ok or type(used) ~= 'table' then used = { familyId = usedRaw, at = 0 } end
local family = 'cifra:refresh-family:' .. used.familyId
local successor = redis.call('GET', KEYS[3])
if now - tonumber(used.at) < grace and successor and redis.call('EXISTS', family) == 1 then
  return { 'again', successor }
end
redis.call('DEL', family)
return { 'reused' }
`;

/**
 * Uses a token once, in one Redis script. Two uses within `graceSeconds` of each other both get
 * the same successor (two tabs keep their session); a use after that, or of a token whose
 * successor has itself been used, means the token leaked: the whole family is revoked.
 */
export async function rotateRefreshToken(
  redis: TokenRedis,
  token: string,
  options: RotateOptions,
): Promise<RotateOutcome> {
  const hash = await sha256Hex(token);
  const successor = await successorOf(token, options.successorKey);
  const successorHash = await sha256Hex(successor);
  const [status, raw] = await redis.eval<(string | number)[], [string, string?]>(
    rotateScript,
    [tokenKey(hash), usedKey(hash), tokenKey(successorHash)],
    [Date.now(), options.graceSeconds * 1000, options.ttlSeconds, successorHash],
  );
  if ((status === 'rotated' || status === 'again') && raw !== undefined) {
    const record = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RefreshRecord;
    return { status: 'rotated', token: successor, record };
  }
  return status === 'reused' ? { status: 'reused' } : { status: 'invalid' };
}

/** Revokes the family of a token (logout), whether the token is current or already rotated. */
export async function revokeFamily(redis: TokenRedis, token: string): Promise<void> {
  const hash = await sha256Hex(token);
  const record = await redis.getdel<RefreshRecord>(tokenKey(hash));
  // Used marks are `{ familyId, at }`; older ones hold the bare family id.
  const used = record ? undefined : await redis.get<{ familyId: string } | string>(usedKey(hash));
  const familyId = record?.familyId ?? (typeof used === 'string' ? used : used?.familyId);
  if (familyId) await redis.del(familyKey(familyId));
}

/** Revokes every family of an account (password change, sign out everywhere). */
export async function revokeAllFamilies(redis: TokenRedis, userId: string): Promise<void> {
  const families = await redis.smembers(familiesKey(userId));
  if (families.length > 0) await redis.del(...families.map(familyKey));
  await redis.del(familiesKey(userId));
}

/** Erases every refresh-token record of an account (deletion): nothing naming it is left. */
export async function eraseAccountTokens(redis: TokenRedis, userId: string): Promise<void> {
  await revokeAllFamilies(redis, userId);
  const hashes = await redis.smembers(tokensKey(userId));
  const keys = hashes.flatMap((hash) => [tokenKey(hash), usedKey(hash)]);
  if (keys.length > 0) await redis.del(...keys);
  await redis.del(tokensKey(userId));
}
