import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';

import type { LogLevel } from '../config/common';
import { currentCorrelationId } from '../observability/correlation';

const levelsFrom: Record<LogLevel, NestLogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/**
 * Nest's JSON lines, with the correlation id of the request or activity that is running (see
 * observability/correlation.ts) on each line written on its behalf.
 */
export class JsonLogger extends ConsoleLogger {
  protected override getJsonLogObject(
    message: unknown,
    options: Parameters<ConsoleLogger['getJsonLogObject']>[1],
  ): ReturnType<ConsoleLogger['getJsonLogObject']> & { correlationId?: string } {
    const line = super.getJsonLogObject(message, options);
    const correlationId = currentCorrelationId();
    return correlationId === undefined ? line : { ...line, correlationId };
  }
}

/** Structured JSON logs on stdout, one object per line, tagged with the service name. */
export function createLogger(service: string, level: LogLevel): ConsoleLogger {
  return new JsonLogger(service, { json: true, colors: false, logLevels: levelsFrom[level] });
}

/** A fatal message before a logger exists (bad configuration): one JSON line on stderr. */
export function logFatal(service: string, message: string): void {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', pid: process.pid, timestamp: Date.now(), context: service, message })}\n`,
  );
}
