import { mkdir } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';

import {
  freePort,
  locateTemporalCli,
  startDevServer,
  stderrLog,
  type DevServerOptions,
  type TemporalServer,
} from '@fanpin/devstack';

/**
 * A suite's own Temporal dev server, on its own SQLite file, that the suite may stop and start
 * again: the run's server is shared by every suite. Started again, it listens on the same port and
 * keeps the same file, as a server restarted by its operator would.
 */
export class OwnTemporalServer {
  private server?: TemporalServer;

  private constructor(private readonly options: DevServerOptions) {}

  static async start(suite: string): Promise<OwnTemporalServer> {
    const logDir = process.env.FANPIN_TEST_LOG_DIR;
    if (!logDir)
      throw new Error('FANPIN_TEST_LOG_DIR is not set: run the e2e tests through npm test');
    const dir = path.join(path.dirname(logDir), `${suite}-temporal`);
    await mkdir(dir, { recursive: true });
    const own = new OwnTemporalServer({
      cli: await locateTemporalCli(stderrLog),
      port: await freePort(),
      uiPort: await freePort(),
      dbFile: path.join(dir, 'temporal.db'),
      logFile: path.join(logDir, suite, 'temporal.log'),
      // The next run's global setup stops a server left behind by a run that was killed.
      pidFile: path.join(dir, 'temporal.pid'),
    });
    await own.up();
    return own;
  }

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  /** Starts the server (again) on its port and SQLite file; resolves once it answers. */
  async up(): Promise<void> {
    this.server = await startDevServer(this.options, () => undefined);
  }

  /** Stops the server (SIGTERM, as an operator or an orchestrator does). */
  async down(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}

/**
 * A TCP proxy in front of PostgreSQL: cutting it closes every connection through it and refuses new
 * ones, as a stopped or unreachable server does, without touching the server the other suites use.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A proxy to the host and port of `url`, open; `viaProxy(url)` is the same URL through it. */
  static async to(url: string): Promise<TcpProxy> {
    const { hostname, port } = new URL(url);
    const proxy = new TcpProxy(await freePort(), { host: hostname, port: Number(port) });
    await proxy.open();
    return proxy;
  }

  viaProxy(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Accepts connections again, on the same port. */
  open(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Refuses new connections and drops every open one. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    );
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // A dropped connection is the point of a cut: its other end is closed, nothing else.
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}
