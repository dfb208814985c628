#!/usr/bin/env node
// Node 20 cannot run TypeScript: register tsx's loader, then run the CLI source.
import { register } from 'tsx/esm/api';

register();
try {
  const { main } = await import('../src/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // The wasm runtime rethrows uncaught errors with its whole minified source; say it plainly.
  console.error(`cifra-model: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
