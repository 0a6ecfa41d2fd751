import { createServer, type Server } from 'node:net';

import { freePorts, isPortInUse } from './ports';
import { metricsPortOffsets } from './services';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('free ports for the services of a run', () => {
  it('gives each process a port whose metrics ports are free, in range and no one else’s', async () => {
    const ports = await freePorts(24, metricsPortOffsets);
    const all = ports.flatMap((p) => [p, ...metricsPortOffsets.map((o) => p + o)]);

    expect(new Set(all).size).toBe(all.length);
    expect(Math.max(...all)).toBeLessThanOrEqual(65535);
    // Every one can be listened on now: the services' own and their metrics'.
    const servers = await Promise.all(all.map(listen));
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('tells a port something listens on from a free one', async () => {
    const [port] = await freePorts(1);
    expect(await isPortInUse(port!)).toBe(false);
    const server = await listen(port!);
    expect(await isPortInUse(port!)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });
});
