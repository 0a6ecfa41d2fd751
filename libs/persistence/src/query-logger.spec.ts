import type { Logger } from 'typeorm';

import { JsonQueryLogger } from './query-logger';

describe('JsonQueryLogger', () => {
  it('logs a failed query as one JSON warning line, without its parameters', () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    // As TypeORM calls it: with the query's parameters, which must go nowhere.
    const logger: Logger = new JsonQueryLogger();
    try {
      const failure = Object.assign(
        new Error('invalid input syntax for type integer: "11010519491231002X"'),
        { code: '22P02', table: 'accounts', detail: 'Key (phone)=(13800138000)' },
      );
      logger.logQueryError(
        failure,
        'INSERT INTO accounts (account_id, password_hash)\n VALUES ($1, $2)',
        ['cadre-1', 'scrypt$14$8$1$salt$hash'],
      );
    } finally {
      write.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'warn',
      context: 'typeorm',
      message:
        'query failed (INSERT INTO accounts (account_id,…): database error (SQLSTATE 22P02, table accounts)',
    });
    expect(lines[0]).not.toMatch(/scrypt|11010519491231002X|13800138000/);
  });
});
