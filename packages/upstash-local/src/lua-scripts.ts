import { createHash } from 'node:crypto';

/** Shebang flags that Redis 7 OSS understands; anything else makes it refuse the script. */
const knownFlags = new Set(['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys']);

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Rewrites Lua scripts that Upstash accepts but Redis OSS refuses — `#!lua
 * flags=allow-key-locking`, sent by @upstash/ratelimit — and remembers which SHA1 the client
 * computed for the original, so `EVALSHA <client sha>` runs the rewritten script and the
 * client's EVALSHA → NOSCRIPT → EVAL recovery keeps working.
 */
export class LuaScriptRewriter {
  /** client SHA1 (of the script as sent) → SHA1 of the script Redis was given. */
  readonly #shaMap = new Map<string, string>();
  readonly #maxScripts: number;

  /** @param maxScripts how many rewritten scripts to remember before forgetting the oldest. */
  constructor(maxScripts = 10_000) {
    this.#maxScripts = maxScripts;
  }

  /** Returns the script Redis should run and records the SHA mapping when it had to change it. */
  rewrite(script: string): string {
    const rewritten = stripUnknownFlags(script);
    if (rewritten !== script) {
      if (this.#shaMap.size >= this.#maxScripts) {
        const oldest = this.#shaMap.keys().next().value;
        if (oldest !== undefined) this.#shaMap.delete(oldest);
      }
      this.#shaMap.set(sha1(script), sha1(rewritten));
    }
    return rewritten;
  }

  /** The SHA1 Redis knows for a SHA1 the client computed. */
  redisSha(clientSha: string): string {
    return this.#shaMap.get(clientSha.toLowerCase()) ?? clientSha;
  }

  /** The SHA1 the client computed for a script (what SCRIPT LOAD must answer). */
  clientSha(script: string): string {
    return sha1(script);
  }
}

/** Removes the shebang flags Redis OSS does not know, keeping the known ones. */
export function stripUnknownFlags(script: string): string {
  const match = /^#!lua([^\n]*)/.exec(script);
  if (!match) return script;
  const options = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const kept = options.flatMap((option) => {
    if (!option.startsWith('flags=')) return [option];
    const flags = option
      .slice('flags='.length)
      .split(',')
      .filter((flag) => knownFlags.has(flag));
    return flags.length > 0 ? [`flags=${flags.join(',')}`] : [];
  });
  const shebang = ['#!lua', ...kept].join(' ');
  return shebang + script.slice(match[0].length);
}
