import { readFileSync } from 'node:fs';

/**
 * A process's resident memory in KiB from /proc/<pid>/status: `VmRSS` now, or `VmHWM`, its peak so
 * far. Undefined off Linux or once the process is gone.
 */
export function residentKiB(
  pid: number | undefined,
  field: 'VmRSS' | 'VmHWM' = 'VmRSS',
): number | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
