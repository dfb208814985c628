import type { CachedPrediction, PredictionBody } from '@cifra/contracts';
import type { Redis } from '@upstash/redis/cloudflare';

/**
 * The shared prediction cache. One Redis hash per (model version, input hash):
 * `vote:<user>` → digit, `own:<user>` → that user's result, `count:<digit>` → distinct accounts
 * voting for it, `result:<digit>` → the first result reported for it. A vote is changed, not
 * added, when the same account writes again, so counts are exact under concurrent writes (one
 * Lua script, atomic in Redis). The server's own inference (`POST /api/predict`) is a trusted
 * vote: `trusted` → its digit, `trusted-result` → its result, served to everyone.
 */
type CacheRedis = Pick<Redis, 'eval' | 'hmget' | 'hget'>;

const entryKey = (version: string, inputHash: string) => `cifra:pred:${version}:${inputHash}`;

const recordVote = `
local key, user, digit, body, ttl, trusted = KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
if trusted == '1' then
  redis.call('HSET', key, 'trusted', digit, 'trusted-result', body)
  redis.call('EXPIRE', key, ttl)
  return tonumber(redis.call('HGET', key, 'count:' .. digit) or '0')
end
local previous = redis.call('HGET', key, 'vote:' .. user)
if previous ~= digit then
  if previous then redis.call('HINCRBY', key, 'count:' .. previous, -1) end
  redis.call('HINCRBY', key, 'count:' .. digit, 1)
  redis.call('HSET', key, 'vote:' .. user, digit)
end
redis.call('HSET', key, 'own:' .. user, body)
redis.call('HSETNX', key, 'result:' .. digit, body)
redis.call('EXPIRE', key, ttl)
return tonumber(redis.call('HGET', key, 'count:' .. digit))
`;

/** Records an account's result; returns how many distinct accounts now agree on its digit. */
export async function recordPrediction(
  redis: CacheRedis,
  entry: { version: string; inputHash: string; voter: string; ttlSeconds: number; trusted?: boolean },
  body: PredictionBody,
): Promise<number> {
  const stored = JSON.stringify({
    digit: body.digit,
    probability: body.probability,
    probabilities: body.probabilities,
  });
  const votes = await redis.eval<string[], number>(
    recordVote,
    [entryKey(entry.version, entry.inputHash)],
    [entry.voter, String(body.digit), stored, String(entry.ttlSeconds), entry.trusted ? '1' : '0'],
  );
  return Number(votes);
}

/**
 * What `reader` may see: their own result, else the server's trusted result, else the result
 * at least `quorum` accounts agree on (a tie for the top digit serves nothing), else undefined.
 */
export async function lookupPrediction(
  redis: CacheRedis,
  entry: { version: string; inputHash: string; reader: string; quorum: number },
): Promise<CachedPrediction | undefined> {
  const key = entryKey(entry.version, entry.inputHash);
  const countFields = Array.from({ length: 10 }, (_, digit) => `count:${digit}`);
  const fields = await redis.hmget<Record<string, unknown>>(
    key,
    `own:${entry.reader}`,
    'trusted-result',
    ...countFields,
  );
  if (!fields) return undefined;
  const counts = countFields.map((field) => Number(fields[field] ?? 0));
  const own = parseResult(fields[`own:${entry.reader}`]);
  if (own) {
    return { ...own, modelVersion: entry.version, source: 'own', votes: Math.max(1, counts[own.digit] ?? 1) };
  }
  const trusted = parseResult(fields['trusted-result']);
  if (trusted)
    return { ...trusted, modelVersion: entry.version, source: 'server', votes: counts[trusted.digit] ?? 0 };

  const top = Math.max(...counts);
  const leaders = counts.filter((count) => count === top).length;
  if (top < entry.quorum || leaders > 1) return undefined;
  const digit = counts.indexOf(top);
  const shared = parseResult(await redis.hget(key, `result:${digit}`));
  return shared ? { ...shared, modelVersion: entry.version, source: 'quorum', votes: top } : undefined;
}

function parseResult(value: unknown): PredictionBody | undefined {
  if (value === null || value === undefined) return undefined;
  // The client may have deserialised the JSON already.
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed as PredictionBody;
}
