import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { verifyingKeyOf } from '@fanpin/platform';

import type { Log } from './log';
import { workspaceRoot } from './paths';
import { stopChild } from './process';
import { RestartBackoff, type ProcessHealth, type Supervision } from './supervision';
import { waitFor } from './wait';

/** The processes of the system, in start order. */
export const ServiceNames = [
  'national-sim',
  'intake',
  'verification',
  'assistance',
  'national-entry',
  'workflow-worker',
  'api',
] as const;
export type ServiceName = (typeof ServiceNames)[number];

export const defaultPorts: Record<ServiceName, number> = {
  api: 3000,
  intake: 3101,
  verification: 3102,
  assistance: 3103,
  'national-entry': 3104,
  'workflow-worker': 3105,
  'national-sim': 3200,
};

export interface ServiceSpec {
  name: ServiceName;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** Called with each warning or error line the service logs. */
  onProblemLine?: (service: ServiceName, line: string) => void;
  /** When set, the process is restarted whenever it dies without `stop` or `kill` asking it to. */
  supervision?: Supervision;
}

const PROBLEM = /"level":"(warn|error|fatal)"/;

/**
 * Node's own options per service, as deploy/Dockerfile starts them. The workflow worker keeps every
 * open case in its cache (MAX_CACHED_WORKFLOWS, some 300 KiB each): its heap may grow past Node's
 * default limit (about 4 GiB).
 */
export const nodeOptions: Partial<Record<ServiceName, readonly string[]>> = {
  'workflow-worker': ['--max-old-space-size=6144'],
};

/**
 * One running service process, started from its compiled `dist/main.js`. Supervised (see
 * `ServiceSpec.supervision`), it is started again after a death nobody asked for; `stop` and `kill`
 * are deliberate and never fought.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private exitReason?: string;
  private out?: WriteStream;
  /** Whether the process should be running: set by `start`, cleared by `stop` and `kill`. */
  private wanted = false;
  private startedAt = 0;
  private restartTimer?: NodeJS.Timeout;
  private readonly backoff?: RestartBackoff;

  constructor(readonly spec: ServiceSpec) {
    if (spec.supervision) this.backoff = new RestartBackoff(spec.supervision);
  }

  get url(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times the supervisor restarted the process. */
  get restarts(): number {
    return this.backoff?.restarts ?? 0;
  }

  async start(): Promise<void> {
    this.wanted = true;
    this.cancelRestart();
    await this.spawnChild();
  }

  private async spawnChild(): Promise<void> {
    await mkdir(path.dirname(this.spec.logFile), { recursive: true });
    // Stopped while a restart was on its way: stays stopped.
    if (!this.wanted) return;
    this.out?.end();
    this.out = createWriteStream(this.spec.logFile, { flags: 'a' });
    this.exitReason = undefined;
    const main = path.join(workspaceRoot, 'services', this.spec.name, 'dist', 'main.js');
    const child = spawn(process.execPath, [...(nodeOptions[this.spec.name] ?? []), main], {
      env: {
        PATH: process.env.PATH ?? '',
        ...this.spec.env,
        PORT: String(this.spec.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.onOutput(chunk));
    }
    child.on('exit', (code, signal) => {
      this.exitReason = `exited (${signal ?? code})`;
      if (child === this.child) this.onUnexpectedExit(child.pid, this.exitReason);
    });
  }

  /** A death nobody asked for: logged, and the process started again after its backoff. */
  private onUnexpectedExit(pid: number | undefined, reason: string): void {
    const supervision = this.spec.supervision;
    if (!this.wanted || !this.backoff || !supervision) return;
    const upMs = Date.now() - this.startedAt;
    const delayMs = this.backoff.next(upMs);
    supervision.log(
      `${this.spec.name} (pid ${pid}) ${reason} unexpectedly after ${Math.round(upMs / 1000)} s: ` +
        `restart ${this.backoff.restarts} in ${delayMs / 1000} s`,
    );
    this.restartTimer = setTimeout(() => void this.restart(supervision.log), delayMs);
  }

  private async restart(log: Log): Promise<void> {
    this.restartTimer = undefined;
    if (!this.wanted) return;
    await this.spawnChild();
    log(`${this.spec.name} restarted (pid ${this.pid})`);
    try {
      await this.waitReady();
      log(`${this.spec.name} ready again (pid ${this.pid})`);
    } catch (error) {
      // Its exit, if it died again, schedules the next restart.
      log(
        `${this.spec.name} not ready after its restart: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }

  private cancelRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** What the process list shows: stopped on purpose, waiting for its restart, or its readiness. */
  async health(): Promise<ProcessHealth> {
    if (!this.wanted) return 'stopped';
    if (this.restartTimer) return 'restarting';
    const ready = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    return ready ? 'ready' : 'unready';
  }

  private onOutput(chunk: Buffer): void {
    this.out?.write(chunk);
    if (!this.spec.onProblemLine) return;
    for (const line of chunk.toString().split('\n')) {
      if (PROBLEM.test(line)) this.spec.onProblemLine(this.spec.name, line);
    }
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    try {
      // A refused connection or an unready answer costs next to nothing: polled often, a service
      // is used (and a restart after a crash is over) within some tens of milliseconds of ready.
      await waitFor(
        `${this.spec.name}`,
        async () => (await fetch(`${this.url}/health/ready`)).ok,
        timeoutMs,
        () => this.exitReason,
        50,
      );
    } catch (error) {
      const tail = (await readFile(this.spec.logFile, 'utf8').catch(() => ''))
        .split('\n')
        .slice(-15)
        .join('\n');
      throw new Error(
        `${(error as Error).message}\n--- last lines of ${this.spec.logFile} ---\n${tail}`,
      );
    }
  }

  /** Sends a signal as anyone could: a supervised process that dies of it is restarted. */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Resolves with the exit code (null after a signal) once the process has exited. */
  waitExit(): Promise<number | null> {
    const child = this.child;
    if (!child) return Promise.resolve(null);
    if (child.exitCode !== null || child.signalCode !== null)
      return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Graceful stop: SIGTERM, then SIGKILL after the grace time. Resolves with the exit code (0 when
   * the process drained and exited cleanly; null when it had to be killed).
   */
  async stop(graceMs = 15_000): Promise<number | null> {
    this.wanted = false;
    this.cancelRestart();
    const exited = this.waitExit();
    if (this.child) await stopChild(this.child, graceMs);
    this.out?.end();
    return exited;
  }

  /** Abrupt death, as in a crash or an OOM kill, on purpose: the supervisor leaves it dead. */
  async kill(): Promise<void> {
    this.wanted = false;
    this.cancelRestart();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

/** The secrets the services are configured with; each a base64url string of 32 random bytes. */
export interface SystemSecrets {
  /** HOUSEHOLD_KEY_SECRET (api): keyed hash of resident ID numbers into household keys. */
  householdKeySecret: string;
  /** PII_ENCRYPTION_KEY (api): encrypts personal data in PostgreSQL. */
  piiEncryptionKey: string;
  /** PAYLOAD_CODEC_KEY (api and every worker): encrypts workflow and activity payloads in Temporal. */
  payloadCodecKey: string;
  /** AUTH_TOKEN_SECRET (api): signs access tokens. */
  authTokenSecret: string;
  /**
   * COMMAND_SIGNING_KEY (api): signs the commands sent to cases; the workflow worker trusts its
   * public key (COMMAND_VERIFYING_KEYS).
   */
  commandSigningKey: string;
}

export const SecretNames = [
  'householdKeySecret',
  'piiEncryptionKey',
  'payloadCodecKey',
  'authTokenSecret',
  'commandSigningKey',
] as const satisfies readonly (keyof SystemSecrets)[];

/** Fresh random secrets, for a test run or a first development start. */
export function newSecrets(): SystemSecrets {
  const one = () => randomBytes(32).toString('base64url');
  return {
    householdKeySecret: one(),
    piiEncryptionKey: one(),
    payloadCodecKey: one(),
    authTokenSecret: one(),
    commandSigningKey: one(),
  };
}

export interface SystemOptions {
  temporalAddress: string;
  /** The key the services sign their Temporal tokens with, when the server has an authorizer. */
  temporalAuth?: { keyFile: string; keyId: string; issuer: string };
  /** The supervisors' Temporal Web UI (read-only), which the API serves behind its sign-in. */
  temporalUiUrl?: string;
  databaseUrl: string;
  secrets: SystemSecrets;
  /** BOOTSTRAP_ADMIN_PASSWORD (api): creates the administrator account when it does not exist. */
  adminPassword?: string;
  /** BOOTSTRAP_ADMIN_ACCOUNT (api): its id, `admin` unless given. */
  adminAccount?: string;
  logDir: string;
  ports: Record<ServiceName, number>;
  logLevel?: string;
  /** Extra environment per service (test policies, cache sizes). */
  extraEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  onProblemLine?: ServiceSpec['onProblemLine'];
  /** Restart services that die unexpectedly (see `Supervision`). */
  supervision?: Supervision;
  /**
   * Processes of each service (the simulator excepted), 1 unless said: the second listens 10
   * ports above the first, the third 20, and so on, each with its own log.
   */
  replicas?: number;
  /** The replicas' ports, when not ten above the first's (tests take free ones). */
  replicaPorts?: Partial<Record<ServiceName, number[]>>;
  /**
   * Serve every process's Prometheus metrics: its own at its port + 6000 (METRICS_PORT), the
   * Temporal SDK's at its port + 7000 (TEMPORAL_SDK_METRICS_PORT) in the processes with a worker.
   */
  metrics?: boolean;
}

/** Where a process at `port` serves its metrics when `SystemOptions.metrics` is set. */
export const metricsPortOf = (port: number): number => port + 6000;
export const temporalMetricsPortOf = (port: number): number => port + 7000;
/** The offsets of those two ports, for `freePorts` to keep them free and apart. */
export const metricsPortOffsets = [metricsPortOf(0), temporalMetricsPortOf(0)] as const;

/** The services that run a Temporal worker (and so have the SDK's metrics). */
const workerServices: readonly ServiceName[] = [
  'intake',
  'verification',
  'assistance',
  'national-entry',
  'workflow-worker',
];

/** The metrics ports of the process of `name` at `port`, as its environment says them. */
function metricsEnvOf(name: ServiceName, port: number, o: SystemOptions): Record<string, string> {
  if (!o.metrics) return {};
  return {
    METRICS_PORT: String(metricsPortOf(port)),
    ...(workerServices.includes(name)
      ? { TEMPORAL_SDK_METRICS_PORT: String(temporalMetricsPortOf(port)) }
      : {}),
  };
}

function envOf(name: ServiceName, o: SystemOptions, port: number): Record<string, string> {
  const env: Record<string, string> = {
    LOG_LEVEL: o.logLevel ?? 'info',
    TEMPORAL_ADDRESS: o.temporalAddress,
    ...metricsEnvOf(name, port, o),
  };
  if (name !== 'national-sim') env.DATABASE_URL = o.databaseUrl;
  if (name !== 'national-sim' && o.temporalAuth) {
    env.TEMPORAL_AUTH_KEY_FILE = o.temporalAuth.keyFile;
    env.TEMPORAL_AUTH_KEY_ID = o.temporalAuth.keyId;
    env.TEMPORAL_AUTH_ISSUER = o.temporalAuth.issuer;
  }
  if (name === 'api' && o.temporalUiUrl) env.TEMPORAL_UI_UPSTREAM = o.temporalUiUrl;
  if (name !== 'national-sim') env.PAYLOAD_CODEC_KEY = o.secrets.payloadCodecKey;
  if (name === 'api') {
    env.HOUSEHOLD_KEY_SECRET = o.secrets.householdKeySecret;
    env.PII_ENCRYPTION_KEY = o.secrets.piiEncryptionKey;
    env.AUTH_TOKEN_SECRET = o.secrets.authTokenSecret;
    env.COMMAND_SIGNING_KEY = o.secrets.commandSigningKey;
    if (o.adminPassword) env.BOOTSTRAP_ADMIN_PASSWORD = o.adminPassword;
    if (o.adminAccount) env.BOOTSTRAP_ADMIN_ACCOUNT = o.adminAccount;
  }
  // The intake service signs the recounted due dates it sends to cases, as the API its commands.
  if (name === 'intake') env.COMMAND_SIGNING_KEY = o.secrets.commandSigningKey;
  // The verification service seals each step's figures in the case history with the API's key.
  if (name === 'verification') env.PII_ENCRYPTION_KEY = o.secrets.piiEncryptionKey;
  if (name === 'workflow-worker') {
    env.COMMAND_VERIFYING_KEYS = verifyingKeyOf(o.secrets.commandSigningKey);
  }
  if (name === 'national-entry')
    env.NATIONAL_SYSTEM_URL = `http://127.0.0.1:${o.ports['national-sim']}`;
  return { ...env, ...o.extraEnv?.[name] };
}

/** The whole set of service processes, started together and stopped in reverse order. */
export class System {
  readonly services: Record<ServiceName, ServiceProcess>;
  /** Further processes of the services, beside `services` (see `SystemOptions.replicas`). */
  readonly replicas: ServiceProcess[];

  constructor(options: SystemOptions) {
    this.services = Object.fromEntries(
      ServiceNames.map((name) => [
        name,
        new ServiceProcess({
          name,
          port: options.ports[name],
          env: envOf(name, options, options.ports[name]),
          logFile: path.join(options.logDir, `${name}.log`),
          ...(options.onProblemLine ? { onProblemLine: options.onProblemLine } : {}),
          ...(options.supervision ? { supervision: options.supervision } : {}),
        }),
      ]),
    ) as Record<ServiceName, ServiceProcess>;
    const count = Math.max(1, options.replicas ?? 1);
    this.replicas = ServiceNames.filter((name) => name !== 'national-sim').flatMap((name) =>
      Array.from({ length: count - 1 }, (_, i) => {
        const port = options.replicaPorts?.[name]?.[i] ?? options.ports[name] + 10 * (i + 1);
        return new ServiceProcess({
          name,
          port,
          env: envOf(name, options, port),
          logFile: path.join(options.logDir, `${name}-${i + 2}.log`),
          ...(options.onProblemLine ? { onProblemLine: options.onProblemLine } : {}),
          ...(options.supervision ? { supervision: options.supervision } : {}),
        });
      }),
    );
  }

  /** The processes of the named services: each one's first, then its replicas. */
  private processes(names: readonly ServiceName[]): ServiceProcess[] {
    return names.flatMap((n) => [
      this.services[n],
      ...this.replicas.filter((r) => r.spec.name === n),
    ]);
  }

  async start(names: readonly ServiceName[] = ServiceNames, log?: Log): Promise<void> {
    const processes = this.processes(names);
    await Promise.all(processes.map((p) => p.start()));
    await Promise.all(processes.map((p) => p.waitReady()));
    log?.(`ready: ${names.join(', ')}`);
  }

  async stop(names: readonly ServiceName[] = ServiceNames): Promise<void> {
    await Promise.all([...this.processes(names)].reverse().map((p) => p.stop()));
  }

  /** One line per process: its name, URL, pid, health and restarts, for the banner. */
  async processList(): Promise<string[]> {
    return Promise.all(
      this.processes(ServiceNames).map(async (p) => {
        const restarts = p.restarts === 1 ? '1 restart' : `${p.restarts} restarts`;
        return `${p.spec.name.padEnd(16)} ${p.url.padEnd(22)} pid ${String(p.pid ?? '-').padEnd(8)} ${(await p.health()).padEnd(10)} ${restarts}`;
      }),
    );
  }

  /** One line per process serving metrics: its name and its `/metrics` addresses. */
  metricsList(): string[] {
    return this.processes(ServiceNames).flatMap((p) => {
      const { METRICS_PORT: own, TEMPORAL_SDK_METRICS_PORT: sdk } = p.spec.env;
      if (!own && !sdk) return [];
      const url = (port: string) => `http://127.0.0.1:${port}/metrics`;
      return [
        `${p.spec.name.padEnd(16)} ${own ? url(own) : '-'}${sdk ? `   Temporal SDK ${url(sdk)}` : ''}`,
      ];
    });
  }

  async kill(names: readonly ServiceName[]): Promise<void> {
    await Promise.all(names.map((n) => this.services[n].kill()));
  }
}
