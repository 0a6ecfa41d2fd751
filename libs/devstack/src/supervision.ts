import type { Log } from './log';

/**
 * How the one-command stack restarts a service that died without being asked to stop, as an
 * orchestrator would (Docker's `restart: unless-stopped`, Kubernetes' CrashLoopBackOff): after
 * `initialDelayMs`, doubled for each death in a row, at most `maxDelayMs`; a process that ran
 * `stableAfterMs` before it died starts again from `initialDelayMs`.
 */
export interface Supervision {
  /** Where each death and restart is told: the stack's log. */
  log: Log;
  initialDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
}

/** What the process list shows for each process. */
export type ProcessHealth = 'ready' | 'unready' | 'restarting' | 'stopped';

/** The wait before the restart that follows `deathsInARow` deaths (0 for the first). */
export function restartDelay(deathsInARow: number, s: Supervision): number {
  const initial = s.initialDelayMs ?? 1000;
  return Math.min(s.maxDelayMs ?? 30_000, initial * 2 ** Math.min(deathsInARow, 20));
}

/** Counts deaths in a row, forgetting them once a process has stayed up long enough. */
export class RestartBackoff {
  private deathsInARow = 0;
  /** Restarts since the stack started. */
  restarts = 0;

  constructor(private readonly s: Supervision) {}

  /** The delay before restarting a process that ran `upMs` before it died. */
  next(upMs: number): number {
    if (upMs >= (this.s.stableAfterMs ?? 60_000)) this.deathsInARow = 0;
    this.restarts++;
    return restartDelay(this.deathsInARow++, this.s);
  }
}
