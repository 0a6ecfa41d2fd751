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
      logger.logQueryError(
        new Error('duplicate key value violates unique constraint "accounts_pkey"'),
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
        'query failed (INSERT INTO accounts (account_id,…): Error: duplicate key value violates unique constraint "accounts_pkey"',
    });
    expect(lines[0]).not.toContain('scrypt');
  });
});
