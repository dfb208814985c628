import { createServer, type Server } from 'node:net';
import { freePort } from '@cifra/upstash-local';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitedBeforeReadyError, onPickedPort } from './ports.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** Listens on `port` like a server that dies when the port is taken (wrangler dev does). */
function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new ExitedBeforeReadyError(`port ${port} taken`) : error),
    );
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(port);
    });
  });
}

describe('onPickedPort', () => {
  it('picks another port when another process took the picked one first', async () => {
    const taken = await listen(await freePort());
    const free = await freePort();
    const picks = [taken, free];
    const retried: number[] = [];
    const port = await onPickedPort(0, listen, {
      pick: async () => picks.shift() as number,
      onRetry: (lost) => retried.push(lost),
    });
    expect(port).toBe(free);
    expect(retried).toEqual([taken]);
  });

  it('gives up after its attempts, and never retries a fixed port or another failure', async () => {
    const taken = await listen(await freePort());
    let picks = 0;
    const pick = async () => {
      picks++;
      return taken;
    };
    await expect(onPickedPort(0, listen, { pick, attempts: 3 })).rejects.toThrow(ExitedBeforeReadyError);
    expect(picks).toBe(3);
    picks = 0;
    let starts = 0;
    const counted = (port: number) => {
      starts++;
      return listen(port);
    };
    await expect(onPickedPort(taken, counted, { pick })).rejects.toThrow(ExitedBeforeReadyError);
    expect([picks, starts]).toEqual([0, 1]);
    await expect(onPickedPort(0, () => Promise.reject(new Error('bad config')), { pick })).rejects.toThrow(
      'bad config',
    );
    expect(picks).toBe(1);
  });
});
