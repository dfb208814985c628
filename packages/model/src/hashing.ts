/** SHA-256 of files and the content-derived model version (see model-manifest.ts). */
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** First 12 hex of SHA-256 over the `sha256sum` listing of the files, sorted by path. */
export function modelVersion(files: { path: string; sha256: string }[]): string {
  const listing = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
  return sha256Hex(listing).slice(0, 12);
}
