import { homedir } from 'node:os';
import path from 'node:path';

/** The workspace root, from this file's place in `libs/devstack/{src,dist}`. */
export const workspaceRoot = path.resolve(__dirname, '../../..');

/** Git-ignored folder for local state: the Temporal SQLite file, PostgreSQL data, logs. */
export const dataDir = path.join(workspaceRoot, '.data');

/** Cache outside the clone, shared by clones: the Temporal CLI binary lives here. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(homedir(), '.cache');
  return path.join(base, 'fanpin-monitor');
}
