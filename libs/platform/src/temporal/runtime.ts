import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

import type { LogLevel } from '../config/common';
import { currentCorrelationId } from '../observability/correlation';

const temporalLevel = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' } as const;

/** Warnings the SDK gives for a worker that runs only activities, or only workflows, by design. */
const EXPECTED = /^No (workflows|activities) registered, not polling/;

function writeJson(service: string, entry: LogEntry): void {
  const correlationId = currentCorrelationId();
  const line = {
    level: EXPECTED.test(entry.message) ? 'info' : entry.level.toLowerCase(),
    pid: process.pid,
    timestamp: Number(entry.timestampNanos / 1_000_000n),
    context: `${service}:temporal`,
    message: entry.message,
    ...(correlationId === undefined ? {} : { correlationId }),
    ...entry.meta,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Installs the Temporal runtime once per process: JSON logs (native core logs forwarded), the SDK's
 * Prometheus metrics at `metricsAddress` (`host:port`, `/metrics`) when given, and no signal
 * handlers of its own, so that NestJS drives the graceful shutdown. The metrics are named as
 * Prometheus expects (`_total` counters, `_seconds` histograms), with a `service` label.
 */
export function installTemporalRuntime(
  service: string,
  level: LogLevel,
  { metricsAddress }: { metricsAddress?: string } = {},
): void {
  Runtime.install({
    logger: new DefaultLogger(temporalLevel[level], (entry) => writeJson(service, entry)),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(metricsAddress
        ? {
            metrics: {
              globalTags: { service },
              prometheus: {
                bindAddress: metricsAddress,
                countersTotalSuffix: true,
                unitSuffix: true,
                useSecondsForDurations: true,
              },
            },
          }
        : {}),
    },
    shutdownSignals: [],
  });
}
