import { ApplicationFailure } from '@temporalio/common';

import { sanitizeActivityError } from './error-sanitizer';

class QueryFailedError extends Error {
  constructor(
    readonly parameters: unknown[],
    readonly driverError: Record<string, unknown>,
  ) {
    super('invalid input syntax for type integer: "张三 11010519491231002X"');
    this.name = 'QueryFailedError';
  }
}

describe('sanitizeActivityError', () => {
  it('keeps only SQLSTATE, table and constraint of a database error', () => {
    const error = new QueryFailedError(['张三', '11010519491231002X'], {
      code: '23505',
      table: 'households',
      constraint: 'households_pkey',
      detail: 'Key (head_resident_id)=(11010519491231002X) already exists.',
    });
    const sanitized = sanitizeActivityError(error) as ApplicationFailure;
    expect(sanitized).toBeInstanceOf(ApplicationFailure);
    expect(sanitized.message).toBe(
      'database error (SQLSTATE 23505, table households, constraint households_pkey)',
    );
    expect(sanitized.nonRetryable).toBe(false);
    expect(
      JSON.stringify({ ...sanitized, message: sanitized.message, stack: sanitized.stack }),
    ).not.toMatch(/张三|11010519491231002X/);
  });

  it('passes failures built by activities, and other errors, unchanged', () => {
    const failure = ApplicationFailure.create({ type: 'CASE.X', message: 'x', nonRetryable: true });
    expect(sanitizeActivityError(failure)).toBe(failure);
    const other = new Error('timeout');
    expect(sanitizeActivityError(other)).toBe(other);
  });
});
