import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from '@cifra/upstash-local';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..');
const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');

/** Runs `npm start`'s script (without the build: the suite builds once) and collects its output. */
function startScript(args: string[]) {
  const child = spawn(tsx, ['scripts/start.ts', '--no-build', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
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

/** Every live descendant of a process, from `ps`. */
function descendants(rootPid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((match) =>
      match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }] : [],
    );
  const found: { pid: number; args: string }[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const row of rows.filter((candidate) => candidate.ppid === parent)) {
      found.push({ pid: row.pid, args: row.args });
      queue.push(row.pid);
    }
  }
  return found;
}

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
});
