#!/usr/bin/env node
// Node 20 cannot run TypeScript by itself: load tsx's hooks, then the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
