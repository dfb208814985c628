/**
 * Kills what its parent registered once the parent is gone, however it went (SIGKILL included):
 * the parent holds the write end of this process's stdin, and the kernel closes it when the
 * parent dies. Plain JavaScript so that it starts in plain `node`, fast, without a loader.
 *
 * stdin lines: `group PID` (kill the process group PID), `pid PID` (kill that one process),
 * `forget PID`. On end of stdin: SIGTERM to every target still registered, SIGKILL after
 * `argv[2]` ms (default 3000), exit. Runs in its own session (spawned detached), so a Ctrl-C
 * or hang-up of the parent's terminal does not reach it; it ignores them anyway.
 */
import { createInterface } from 'node:readline';

const graceMs = Number(process.argv[2] ?? 3_000);
/** @type {Map<number, boolean>} pid → whether it names a process group */
const targets = new Map();

process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

/** @param {number} pid @param {boolean} group @param {NodeJS.Signals | 0} signal */
function send(pid, group, signal) {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false; // gone
  }
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [verb, number] = line.trim().split(/\s+/);
    const pid = Number(number);
    if (!Number.isSafeInteger(pid) || pid <= 1) return;
    if (verb === 'group') targets.set(pid, true);
    else if (verb === 'pid') targets.set(pid, false);
    else if (verb === 'forget') targets.delete(pid);
  })
  .on('close', async () => {
    for (const [pid, group] of targets) send(pid, group, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    // Zombies answer signal 0 too: at worst this waits out the grace.
    while (Date.now() < deadline && [...targets].some(([pid, group]) => send(pid, group, 0)))
      await new Promise((done) => setTimeout(done, 100));
    for (const [pid, group] of targets) send(pid, group, 'SIGKILL');
    process.exit(0);
  });
