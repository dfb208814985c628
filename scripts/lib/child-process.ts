import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { resolve } from 'node:path';

/*
 * Children must not outlive this process, whichever way it ends. A clean stop stops them
 * (stopGroup, the stack's stop()); for a death that runs no code of ours (SIGKILL, a crash) a
 * watchdog — watchdog.mjs, in its own session — kills what is registered with it once the pipe
 * from this process closes, which the kernel does when this process dies.
 */
const watchdogScript = resolve(import.meta.dirname, 'watchdog.mjs');
let watchdog: ChildProcess | undefined;

/** One line to this process's watchdog, started on first use. */
function tellWatchdog(line: string): void {
  if (!watchdog) {
    watchdog = spawn(process.execPath, [watchdogScript], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.once('error', () => {}); // nothing better to do than run unguarded
    watchdog.stdin?.on('error', () => {}); // EPIPE: someone killed it
    // Neither the watchdog nor its pipe keeps this process alive.
    watchdog.unref();
    if (watchdog.stdin instanceof Socket) watchdog.stdin.unref();
  }
  watchdog.stdin?.write(`${line}\n`);
}

function forget(pid: number): void {
  if (watchdog) tellWatchdog(`forget ${pid}`);
}

/**
 * Has the watchdog kill this one process (not a group leader) should this process die first;
 * forgotten once it exits.
 */
export function killWithThisProcess(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  tellWatchdog(`pid ${pid}`);
  child.once('exit', () => forget(pid));
}

/**
 * Spawns a child in its own process group, so stopping it also stops what it starts
 * (wrangler starts workerd). The whole group dies with this process too, SIGKILL included.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  // Until stopGroup: grandchildren may outlive the group's leader.
  if (child.pid !== undefined) tellWatchdog(`group ${child.pid}`);
  return child;
}

/**
 * SIGTERM to the child's whole group, SIGKILL after `graceMs`; resolves once it has exited.
 * Also clears out a group whose leader has already exited.
 */
export function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return Promise.resolve();
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const finish = () => {
    // Grandchildren that outlived their parent still share the group.
    signalGroup('SIGKILL');
    forget(pid);
  };
  if (child.exitCode !== null || child.signalCode !== null) {
    finish();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const killer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      finish();
      resolve();
    });
    signalGroup('SIGTERM');
  });
}

/**
 * Runs a command to completion with inherited output; rejects on a non-zero exit. With
 * `options.signal`, an abort kills the command and rejects once it has exited.
 */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', (error) => {
      if (error.name !== 'AbortError') reject(error); // an abort kills it: 'exit' follows
    });
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** This process's parent now: live on Linux (`process.ppid` is read once, at start-up). */
function currentParent(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // "pid (comm) state ppid …", where comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once this process's parent has exited (checked every `intervalMs`): for a
 * script run under tsx, whose death — SIGKILL included — tells its child nothing.
 * Returns a function that stops watching.
 */
export function onParentExit(onGone: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const gone = () => {
    const now = currentParent();
    if (now !== undefined) return now !== parent; // orphans are re-parented
    try {
      process.kill(parent, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
