import { createServer } from 'node:net';

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether something listens on the port. */
export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/**
 * `count` distinct free ports. Each `freePort` releases its port before the next asks, so the
 * kernel may hand the same one out twice: two services on one port would have one fail to listen
 * while the other answers its health checks.
 *
 * `derived` are offsets of further ports each process opens beside its own (its metrics at
 * `port + 6000` and `port + 7000`, `metricsPortOffsets`): each of those is free now too, within the
 * port range, and never one of the other ports or of their derived ones, or one process's metrics
 * would take another's listening port.
 */
export async function freePorts(count: number, derived: readonly number[] = []): Promise<number[]> {
  const taken = new Set<number>();
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    const all = [port, ...derived.map((offset) => port + offset)];
    if (all.some((p) => p > 65535 || taken.has(p))) continue;
    const inUse = await Promise.all(all.slice(1).map((p) => isPortInUse(p)));
    if (inUse.some(Boolean)) continue;
    all.forEach((p) => taken.add(p));
    ports.push(port);
  }
  return ports;
}
