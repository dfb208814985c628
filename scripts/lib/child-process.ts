import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Spawns a child in its own process group, so stopping it also stops what it starts
 * (wrangler starts workerd).
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** SIGTERM to the child's whole group, SIGKILL after `graceMs`; resolves once it has exited. */
export function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve) => {
    const killer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      // Grandchildren that outlived their parent still share the group.
      signalGroup('SIGKILL');
      resolve();
    });
    signalGroup('SIGTERM');
  });
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
