import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';

import type { LogLevel } from '../config/common';

const levelsFrom: Record<LogLevel, NestLogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/** Structured JSON logs on stdout, one object per line, tagged with the service name. */
export function createLogger(service: string, level: LogLevel): ConsoleLogger {
  return new ConsoleLogger(service, { json: true, colors: false, logLevels: levelsFrom[level] });
}

/** A fatal message before a logger exists (bad configuration): one JSON line on stderr. */
export function logFatal(service: string, message: string): void {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', pid: process.pid, timestamp: Date.now(), context: service, message })}\n`,
  );
}
