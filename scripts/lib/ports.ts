import { createServer } from 'node:net';
import { freePort, PortInUseError } from '@cifra/upstash-local';

/** Fails with an actionable PortInUseError when something already listens on the port. */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A server that stopped before it was ready on its port (another process may have bound it
 * first): {@link onPickedPort} tries another port. */
export class ExitedBeforeReadyError extends Error {
  override name = 'ExitedBeforeReadyError';
}

/**
 * Runs `start` on `port`, or, when `port` is 0, on a port `pick` finds free. A picked port is
 * free only until the server binds it: while `start` rejects with ExitedBeforeReadyError, another
 * port is picked, `attempts` tries in all. A fixed port is tried once (it is the caller's to change).
 */
export async function onPickedPort<T>(
  port: number,
  start: (port: number) => Promise<T>,
  options: {
    /** @default freePort */
    pick?: () => Promise<number>;
    /** @default 3 */
    attempts?: number;
    /** Told each port given up. */
    onRetry?: (port: number) => void;
  } = {},
): Promise<T> {
  const { pick = freePort, attempts = 3 } = options;
  for (let attempt = 1; ; attempt++) {
    const chosen = port === 0 ? await pick() : port;
    try {
      return await start(chosen);
    } catch (error) {
      if (!(error instanceof ExitedBeforeReadyError) || port !== 0 || attempt >= attempts) throw error;
      options.onRetry?.(chosen);
    }
  }
}
