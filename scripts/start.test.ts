import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '@cifra/upstash-local';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..');
const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');

/** Runs `npm start`'s script (without the build: the suite builds once) and collects its output. */
function startScript(args: string[]) {
  // Its own process group, like a terminal's foreground job: `kill(-pid)` is a Ctrl-C.
  const child = spawn(tsx, ['scripts/start.ts', '--no-build', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitFor = async (pattern: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`never saw ${pattern}; output:\n${output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  stat: string;
  args: string;
}

/** Every process on the machine, from `ps`. */
function processTable(): ProcessRow[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .flatMap((match) =>
      match
        ? [
            {
              pid: Number(match[1]),
              ppid: Number(match[2]),
              pgid: Number(match[3]),
              stat: match[4] ?? '',
              args: match[5] ?? '',
            },
          ]
        : [],
    );
}

/** Every live descendant of a process, from `ps`. */
function descendants(rootPid: number): ProcessRow[] {
  const rows = processTable();
  const found: ProcessRow[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const row of rows.filter((candidate) => candidate.ppid === parent)) {
      found.push(row);
      queue.push(row.pid);
    }
  }
  return found;
}

/**
 * Every process that descends from `rootPid` at any moment until `stop()` (polled every 100 ms):
 * children reparented when their parent dies are still remembered.
 */
function trackDescendants(rootPid: number) {
  const seen = new Map<number, ProcessRow>();
  // Each poll keeps the latest row of a live process: a child caught between fork and exec
  // still shows its parent's command line, and would otherwise be remembered as that. A zombie's
  // row (`[redis-server] <defunct>`) never replaces the live one.
  const poll = () => {
    for (const row of descendants(rootPid))
      if (!row.stat.startsWith('Z') || !seen.has(row.pid)) seen.set(row.pid, row);
  };
  poll();
  const timer = setInterval(poll, 100);
  return { seen: () => [...seen.values()], stop: () => clearInterval(timer) };
}

/**
 * What still runs of the processes seen — or of their process groups, which catches a child
 * spawned after its parent was reparented (zombies count as stopped).
 */
function leftovers(seen: ProcessRow[]): ProcessRow[] {
  const table = processTable();
  const pids = new Set(seen.map((row) => row.pid));
  const groups = new Set(seen.map((row) => row.pgid));
  groups.delete(table.find((row) => row.pid === process.pid)?.pgid ?? -1); // never the runner's
  return table.filter((row) => !row.stat.startsWith('Z') && (pids.has(row.pid) || groups.has(row.pgid)));
}

const describeRows = (rows: ProcessRow[]) => rows.map((row) => `${row.pid} (group ${row.pgid}) ${row.args}`);

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

const healthAnswers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );

/** Running (a zombie — exited, not yet reaped by a container's init — counts as stopped). */
const isAlive = (pid: number) => {
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return state !== '' && !state.startsWith('Z');
  } catch {
    return false; // ps exits non-zero when there is no such process
  }
};

describe('npm start (scripts/start.ts)', () => {
  it('serves health and the app, and SIGTERM leaves none of its processes running', async () => {
    const port = await freePort();
    const start = startScript(['--port', String(port)]);
    try {
      await start.waitFor(/Cifra is running at/, 120_000);
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toMatchObject({ ok: true, redis: 'up' });
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(html).toContain('<div id="root">');
      // The demo account it printed signs in.
      await start.waitFor(/Demo login: demo \/ \S+/, 5_000);
      const password = /Demo login: demo \/ (\S+)/.exec(start.output())?.[1];
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo', password }),
      });
      expect(login.status).toBe(200);

      const children = descendants(start.child.pid ?? -1);
      expect(children.some((child) => child.args.startsWith('redis-server'))).toBe(true);
      expect(children.some((child) => /workerd/.test(child.args))).toBe(true);

      start.child.kill('SIGTERM');
      expect(await start.exited).toBe(0);
      await new Promise((done) => setTimeout(done, 200));
      expect(children.filter((child) => isAlive(child.pid))).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    } finally {
      if (start.child.exitCode === null) start.child.kill('SIGKILL');
    }
  }, 180_000);

  it('says how to install Redis when redis-server is missing', async () => {
    const start = startScript([
      '--port',
      String(await freePort()),
      '--redis-server',
      '/nonexistent/redis-server',
    ]);
    expect(await start.exited).toBe(1);
    expect(start.output()).toMatch(
      /was not found on PATH\. Install Redis 7: Debian\/Ubuntu 'sudo apt-get install -y redis-server'/,
    );
  }, 60_000);

  it('names the taken port and how to choose another', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((done) =>
      blocker.listen(0, '127.0.0.1', () => done((blocker.address() as { port: number }).port)),
    );
    try {
      const start = startScript(['--port', String(port)]);
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain(`Port ${port} is already in use`);
      expect(start.output()).toContain('npm start -- --port');
    } finally {
      blocker.close();
    }
  }, 60_000);

  /** The moments of start-up at which the tests below stop it. */
  const moments = {
    'redis-server runs': ({ seen }) => seen().some((row) => row.args.startsWith('redis-server')),
    'wrangler runs': ({ seen }) => seen().some((row) => /wrangler.* dev /.test(row.args)),
    'workerd runs': ({ seen }) => seen().some((row) => /workerd/.test(row.args)),
    '/api/health first answers': ({ port }) => healthAnswers(port),
  } satisfies Record<
    string,
    (context: { seen: () => ProcessRow[]; port: number }) => boolean | Promise<boolean>
  >;

  /** Ways the script's life ends. */
  const endings = {
    'SIGINT to its process group (Ctrl-C)': ({ tsxPid }) => process.kill(-tsxPid, 'SIGINT'),
    'SIGTERM to it': ({ tsxPid }) => process.kill(tsxPid, 'SIGTERM'),
    'SIGKILL of tsx': ({ tsxPid }) => process.kill(tsxPid, 'SIGKILL'),
    'SIGKILL of the node process running start.ts': ({ seen, tsxPid }) => {
      const script = seen().find((row) => row.ppid === tsxPid && row.args.includes('scripts/start.ts'));
      if (!script) throw new Error(`no node process under tsx ${tsxPid}: ${JSON.stringify(seen())}`);
      process.kill(script.pid, 'SIGKILL');
    },
  } satisfies Record<string, (context: { seen: () => ProcessRow[]; tsxPid: number }) => void>;

  it.each<[keyof typeof endings, keyof typeof moments]>([
    ['SIGINT to its process group (Ctrl-C)', 'redis-server runs'],
    ['SIGINT to its process group (Ctrl-C)', 'wrangler runs'],
    ['SIGINT to its process group (Ctrl-C)', '/api/health first answers'],
    ['SIGTERM to it', 'workerd runs'],
    ['SIGKILL of tsx', 'workerd runs'],
    ['SIGKILL of the node process running start.ts', '/api/health first answers'],
  ])(
    '%s once %s leaves none of its processes running',
    async (ending, moment) => {
      const port = await freePort();
      const start = startScript(['--port', String(port)]);
      const tsxPid = start.child.pid ?? -1;
      const tracked = trackDescendants(tsxPid);
      try {
        await waitUntil(
          async () => {
            if (start.child.exitCode !== null) throw new Error(`exited early:\n${start.output()}`);
            return moments[moment]({ seen: tracked.seen, port });
          },
          120_000,
          moment,
        );
        endings[ending]({ seen: tracked.seen, tsxPid });
        await waitUntil(
          () => start.child.exitCode !== null || start.child.signalCode !== null,
          30_000,
          'exit',
        );
        // Children the stack starts are killed on their own timers (5 s grace for wrangler).
        await waitUntil(() => leftovers(tracked.seen()).length === 0, 30_000, 'no leftovers').catch(() => {});
        expect(describeRows(leftovers(tracked.seen()))).toEqual([]);
        expect(tracked.seen().some((row) => row.args.startsWith('redis-server'))).toBe(true);
        expect(await healthAnswers(port)).toBe(false);
      } finally {
        tracked.stop();
        // Whatever a failed run left behind: this test started it, so this test stops it.
        for (const row of leftovers(tracked.seen())) {
          try {
            process.kill(row.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }
    },
    180_000,
  );
});
