import type { Logger } from 'typeorm';

import { describeDatabaseError } from '@fanpin/platform';

type Level = 'log' | 'warn' | 'error';

function write(level: Level, message: string): void {
  const line = { level, pid: process.pid, timestamp: Date.now(), message, context: 'typeorm' };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The statement's first words: enough to tell which query failed, no literal data of it. */
function statementOf(query: string): string {
  return query.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
}

const messageOf = (error: string | Error): string =>
  typeof error === 'string' ? 'database error' : describeDatabaseError(error);

/**
 * TypeORM's messages as the services' JSON log lines, with a machine-readable level. TypeORM's own
 * console logger prints a failed query on several plain lines with its parameters, which hold
 * password hashes and sealed personal data: a failed query is logged here by its first words and
 * its SQLSTATE, table and constraint only (PostgreSQL's message may quote a value, as in `invalid
 * input syntax for type integer: "…"`, and its detail does).
 */
export class JsonQueryLogger implements Logger {
  logQuery(): void {}

  /**
   * A warning, not an error: the code that ran the query decides what its failure is. Some are
   * expected and handled (a unique violation is how a concurrent entry is noticed and retried); one
   * that is not handled is logged as an error where it surfaces (the API's error filter, the
   * activity's failure).
   */
  logQueryError(error: string | Error, query: string): void {
    write('warn', `query failed (${statementOf(query)}…): ${messageOf(error)}`);
  }

  logQuerySlow(time: number, query: string): void {
    write('warn', `slow query (${time} ms): ${statementOf(query)}…`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    write('log', message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    write(level === 'warn' ? 'warn' : 'log', String(message));
  }
}
