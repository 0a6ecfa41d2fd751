import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor } from './history-cursor';

describe('list cursors', () => {
  const runId = '0b7e8f3c-9d1a-4c2b-8e5f-1a2b3c4d5e6f';

  it('round-trips a position of each shape', () => {
    const at = '2026-11-30T08:00:00.123456Z';
    expect(decodeCursor(encodeCursor([at, 1, 42]), ['instant', 'int', 'int'])).toEqual([at, 1, 42]);
    expect(decodeCursor(encodeCursor(['220681100200', runId]), ['village', 'uuid'])).toEqual([
      '220681100200',
      runId,
    ]);
  });

  it('refuses what it did not make with a 400, before any query', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad: [string, Parameters<typeof decodeCursor>[1]][] = [
      ['nope', ['int']],
      [encode(['1', 0, 1]), ['instant', 'int', 'int']],
      [encode(['2026-11-30T08:00:00Z', -1, 1]), ['instant', 'int', 'int']],
      [encode(['220681100200', "x' OR '1'='1"]), ['village', 'uuid']],
      [encode(['2206811002', runId]), ['village', 'uuid']],
      [encode(['2026-11-30T08:00:00Z', runId, 'a b']), ['instant', 'uuid', 'code']],
      [encode(['2026-11-30T08:00:00Z']), ['instant', 'uuid']],
    ];
    for (const [text, shape] of bad) {
      expect(() => decodeCursor(text, shape)).toThrow(ApiError);
    }
  });
});
