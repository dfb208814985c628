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

/**
 * Makes sure `.dev.vars` holds every required secret with at least 32 bytes, adding random
 * ones where missing or too short; never overwrites a good one. Returns the names it wrote.
 */
export function ensureDevVars(path: string): string[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const vars = parseDevVars(text);
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
