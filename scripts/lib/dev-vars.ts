import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Secrets the Worker refuses to run without; `npm start` generates them for local use. */
export const requiredSecrets = ['JWT_SECRET', 'URL_SIGNING_SECRET'] as const;

/** 32 random bytes, base64url: the minimum strength the Worker accepts. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Parses `KEY=value` lines (wrangler's .dev.vars, dotenv syntax without expansion). */
export function parseDevVars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    vars.set(match[1], (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2'));
  }
  return vars;
}

/** `.dev.vars` uses one value for two secrets; the Worker would refuse every sign-in. */
export class ReusedSecretError extends Error {
  override name = 'ReusedSecretError';
  constructor(path: string) {
    super(
      `${path}: JWT_SECRET and URL_SIGNING_SECRET are the same value. Each must be its own: ` +
        'delete the URL_SIGNING_SECRET line and npm start writes a new one.',
    );
  }
}

/**
 * Makes sure `.dev.vars` holds every required secret with at least 32 bytes, adding random
 * ones where missing or too short; never overwrites a good one. Returns the names it wrote.
 * Throws ReusedSecretError when both secrets hold the same value (the stack refuses to start).
 */
export function ensureDevVars(path: string): string[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const vars = parseDevVars(text);
  const jwt = vars.get('JWT_SECRET');
  if (jwt !== undefined && jwt !== '' && jwt === vars.get('URL_SIGNING_SECRET'))
    throw new ReusedSecretError(path);
  const written: string[] = [];
  let out = text;
  for (const name of requiredSecrets) {
    const value = vars.get(name);
    if (value !== undefined && Buffer.byteLength(value) >= 32) continue;
    const line = `${name}=${randomSecret()}`;
    out =
      value === undefined
        ? `${out}${out && !out.endsWith('\n') ? '\n' : ''}${line}\n`
        : out.replace(new RegExp(`^\\s*${name}\\s*=.*$`, 'm'), line);
    written.push(name);
  }
  if (written.length > 0) {
    if (!text)
      out = `# Local secrets for wrangler dev, written by npm start. Never commit this file.\n${out}`;
    writeFileSync(path, out, { mode: 0o600 });
  }
  return written;
}
