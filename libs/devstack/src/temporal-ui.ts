import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { run, which } from './exec';
import type { Log } from './log';
import { cacheDir } from './paths';
import { stopChild } from './process';
import { waitFor } from './wait';

/**
 * The supervisors' Temporal Web UI in the production shape: the UI server the pinned CLI embeds
 * (github.com/temporalio/ui-server at the CLI's version), built once from its Go module into the
 * cache folder, listening on 127.0.0.1 only, with every write action disabled. People reach it
 * through the API at /temporal-ui, which checks their console session and gives the UI a
 * read-only Temporal token.
 */
export const TEMPORAL_UI_VERSION = 'v2.42.1';
const MODULE = 'github.com/temporalio/ui-server/v2';
export const TEMPORAL_UI_PUBLIC_PATH = '/temporal-ui';

export async function locateTemporalUi(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const dir = path.join(cacheDir(env), `temporal-ui-${TEMPORAL_UI_VERSION}`);
  const binary = path.join(dir, 'server');
  if (existsSync(binary)) return binary;
  const go = await which('go');
  if (!go)
    throw new Error(`Go 1.25+ is needed to build the Temporal UI server ${TEMPORAL_UI_VERSION}`);
  await mkdir(dir, { recursive: true });
  log(`building the Temporal UI server ${TEMPORAL_UI_VERSION} with Go (once; about 2 minutes)`);
  const started = Date.now();
  await run(go, ['install', `${MODULE}/cmd/server@${TEMPORAL_UI_VERSION}`], {
    env: { ...process.env, GOBIN: dir },
  });
  log(`built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

export interface TemporalUiOptions {
  binary: string;
  /** The Temporal frontend. */
  temporalAddress: string;
  namespace: string;
  port: number;
  /** The codec endpoint as supervisors' browsers reach it (the API's `/codec`). */
  codecEndpoint: string;
  runDir: string;
  logFile: string;
}

export interface TemporalUi {
  /** Where the API forwards /temporal-ui to (never handed to browsers). */
  upstream: string;
  stop(): Promise<void>;
}

const yamlString = (value: string) => JSON.stringify(value);

/** The UI server's config: read-only, behind the API (no sign-in of its own), the codec for reads. */
export function temporalUiConfig(
  o: Omit<TemporalUiOptions, 'binary' | 'runDir' | 'logFile'>,
): string {
  return `# Written by the devstack at each start (npm run start:server): do not edit.
temporalGrpcAddress: ${yamlString(o.temporalAddress)}
host: "127.0.0.1"
port: ${o.port}
publicPath: ${yamlString(TEMPORAL_UI_PUBLIC_PATH)}
enableUi: true
defaultNamespace: ${yamlString(o.namespace)}
showTemporalSystemNamespace: false
notifyOnNewVersion: false
refreshInterval: 1m
cors:
  cookieInsecure: true
disableWriteActions: true
workflowTerminateDisabled: true
workflowCancelDisabled: true
workflowSignalDisabled: true
workflowUpdateDisabled: true
workflowResetDisabled: true
batchActionsDisabled: true
startWorkflowDisabled: true
activityCommandsDisabled: true
hideLogs: true
auth:
  enabled: false
codec:
  endpoint: ${yamlString(o.codecEndpoint)}
  passAccessToken: false
  includeCredentials: true
`;
}

export async function startTemporalUi(o: TemporalUiOptions, log: Log): Promise<TemporalUi> {
  const configDir = path.join(o.runDir, 'config');
  await mkdir(configDir, { recursive: true });
  await mkdir(path.dirname(o.logFile), { recursive: true });
  await writeFile(path.join(configDir, 'production.yaml'), temporalUiConfig(o));
  const out = createWriteStream(o.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    o.binary,
    ['--root', o.runDir, '--config', 'config', '--env', 'production', 'start'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited (${signal ?? code}); see ${o.logFile}`));
  const upstream = `http://127.0.0.1:${o.port}`;
  const stop = () => stopChild(child, 10_000);
  try {
    await waitFor(
      'Temporal UI server',
      async () => (await fetch(`${upstream}/healthz`)).ok,
      60_000,
      () => exited,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Temporal UI server ${TEMPORAL_UI_VERSION} (read-only) at ${upstream}, served by the API`);
  return { upstream, stop };
}
