/** What a Redis reply can be once ioredis has read it with `callBuffer` (RESP2 shapes). */
export type RedisReply = Buffer | number | null | RedisReply[];

/** What a reply becomes in Upstash's JSON. */
export type JsonReply = string | number | null | JsonReply[];

/** How strings in a reply are written: Upstash's `Upstash-Encoding: base64` or plain UTF-8. */
export type ReplyEncoding = 'base64' | 'utf8';

/**
 * Turns a Redis reply into Upstash's JSON: every string (at any depth) base64 or UTF-8, numbers
 * and nulls as they are, nested arrays kept (RESP2 shapes, so HGETALL stays a flat array).
 */
export function encodeReply(reply: RedisReply, encoding: ReplyEncoding): JsonReply {
  if (reply === null || typeof reply === 'number') return reply;
  if (Buffer.isBuffer(reply)) return reply.toString(encoding);
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, encoding));
  // ioredis hands status replies of some commands over as strings even with callBuffer.
  return Buffer.from(String(reply)).toString(encoding);
}
