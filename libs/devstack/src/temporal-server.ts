import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Connection } from '@temporalio/client';
// The SDK's own reading of a search-attribute type as Temporal's `IndexedValueType` (exported for
// registering search attributes).
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';

import { CaseSearchAttributes, searchAttributeRegistrations } from '@fanpin/contracts';

import type { Log } from './log';
import { stopChild } from './process';
import type { TemporalAuthority } from './temporal-auth';
import { waitFor } from './wait';

export interface TemporalServer {
  address: string;
  /** The Web UI, when this process started the server. */
  uiUrl?: string;
  /** The server process, when this process started it. */
  pid?: number;
  /** The key its JWT authorizer trusts, when it has one (the production shape). */
  authority?: TemporalAuthority;
  /** The read-only Web UI server the API serves at /temporal-ui (the production shape). */
  uiUpstream?: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cli: string;
  port: number;
  uiPort: number;
  /** SQLite file for persistence; in memory when omitted. */
  dbFile?: string;
  logFile: string;
  /** Where to note the server's pid, so that a later run can stop a server orphaned by a crash. */
  pidFile?: string;
  namespace?: string;
  /** The codec server the Web UI decrypts payloads with (the API's `/codec`). */
  uiCodecEndpoint?: string;
}

/**
 * Write-ahead logging with NORMAL sync: SQLite's usual setting for one writer. A crashed process
 * loses nothing; a power cut may lose the last transactions, acceptable for a development server.
 */
const SQLITE_PRAGMAS = [
  '--sqlite-pragma',
  'journal_mode=wal',
  '--sqlite-pragma',
  'synchronous=normal',
];

/** Whether a Temporal frontend answers at `address`. */
export async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Starts `temporal server start-dev` with the project's search attributes and waits until it answers. */
export async function startDevServer(options: DevServerOptions, log: Log): Promise<TemporalServer> {
  await mkdir(path.dirname(options.logFile), { recursive: true });
  if (options.dbFile) await mkdir(path.dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
    '--namespace',
    options.namespace ?? 'default',
    '--log-format',
    'json',
    '--log-level',
    'warn',
    ...(options.dbFile ? ['--db-filename', options.dbFile, ...SQLITE_PRAGMAS] : []),
    ...searchAttributeRegistrations().flatMap((pair) => ['--search-attribute', pair]),
  ];
  const out = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: string | undefined;
  child.on(
    'exit',
    (code, signal) => (exited = `exited (${signal ?? code}); see ${options.logFile}`),
  );
  if (options.pidFile && child.pid) await writeFile(options.pidFile, `${child.pid}\n`);
  const address = `127.0.0.1:${options.port}`;
  log(
    `starting Temporal dev server on ${address}${options.dbFile ? ` (data: ${options.dbFile})` : ''}`,
  );
  await waitFor(
    'Temporal dev server',
    () => answers(address),
    60_000,
    () => exited,
  );
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () => stopChild(child, 10_000),
  };
}

/** Registers the project's search attributes the namespace does not have yet. */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  log: Log,
  address: string,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace,
  });
  const missing = Object.values(CaseSearchAttributes).filter(
    (key) => !(key.name in (customAttributes ?? {})),
  );
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
      ),
    });
    log(`registered search attributes on ${address}: ${missing.map((k) => k.name).join(', ')}`);
  }
}

/** Uses a running server (TEMPORAL_ADDRESS): checks it answers and registers missing search attributes. */
export async function useExistingServer(
  address: string,
  namespace: string,
  log: Log,
): Promise<TemporalServer> {
  await waitFor(`Temporal server at ${address}`, () => answers(address), 30_000);
  const connection = await Connection.connect({ address });
  try {
    await registerSearchAttributes(connection, namespace, log, address);
  } finally {
    await connection.close();
  }
  return { address, stop: () => Promise.resolve() };
}
