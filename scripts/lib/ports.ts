import { createServer } from 'node:net';
import { PortInUseError } from '@cifra/upstash-local';

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
