import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { which } from './exec';
import type { Log } from './log';
import { cacheDir } from './paths';

/** The pinned Temporal CLI: dev server 1.29.1, Web UI 2.42.1. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export const INSTALL_HINT = `The Temporal CLI ${TEMPORAL_CLI_VERSION} is needed and was not found. Either:
  - install Go 1.25+ (https://go.dev/dl/) and run this command again: it builds the CLI once
    (about 6 minutes) into ${path.join(cacheDir(), `temporal-${TEMPORAL_CLI_VERSION}`)}, or
  - put a \`temporal\` binary on PATH (https://docs.temporal.io/cli#install), or
  - set TEMPORAL_CLI=/path/to/temporal, or TEMPORAL_ADDRESS=host:port to use a running server.`;

export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** Builds the pinned CLI from its Go module into the cache folder, showing Go's progress. */
async function buildCli(go: string, target: string, log: Log): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  log(
    `building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (once; about 6 minutes on 2 cores)`,
  );
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: path.dirname(target) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`go install failed (exit ${code}):\n${tail}`)),
    );
  });
  log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * The Temporal CLI to run the dev server with: TEMPORAL_CLI when set, then a `temporal` on PATH,
 * then the pinned build in the cache folder, built with Go when missing.
 */
export async function locateTemporalCli(
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (env.TEMPORAL_CLI) {
    if (!existsSync(env.TEMPORAL_CLI))
      throw new Error(`TEMPORAL_CLI=${env.TEMPORAL_CLI} does not exist`);
    return env.TEMPORAL_CLI;
  }
  const onPath = await which('temporal');
  if (onPath) return onPath;
  const cached = cachedCliPath(env);
  if (existsSync(cached)) return cached;
  const go = await which('go');
  if (!go) throw new Error(INSTALL_HINT);
  await buildCli(go, cached, log);
  return cached;
}
