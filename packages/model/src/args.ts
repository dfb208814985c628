/** Tiny `--name value` / `--flag` parser for the package's scripts (no dependency needed). */

/** Flags that take a value; every other flag is a boolean switch. */
const VALUE_FLAGS = new Set([
  'epochs',
  'batch',
  'lr',
  'seed',
  'arch',
  'limit',
  'out',
  'from',
  'runs',
  'root',
  'dir',
  'count',
  'photos',
  'numbers',
  'outliers',
  'teach',
  'eval',
  'writers',
  'mine',
  'mine-weight',
  'rounds',
  'mnist',
  'reads',
  'against',
]);

export function parseArgs(argv: string[]): { flags: Map<string, string | true>; rest: string[] } {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      rest.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (VALUE_FLAGS.has(name) && next !== undefined) {
      flags.set(name, next);
      i++;
    } else flags.set(name, true);
  }
  return { flags, rest };
}

export function numberFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isFinite(n)) throw new Error(`--${name} needs a number`);
  return n;
}

export function stringFlag(flags: Map<string, string | true>, name: string, fallback: string): string {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}
