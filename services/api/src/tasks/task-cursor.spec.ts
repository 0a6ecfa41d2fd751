import { ApiError } from '../errors/api-error';
import { decodeTaskCursor, encodeTaskCursor, type TaskCursor } from './task-cursor';

describe('task cursor', () => {
  const runId = '0b7e8f3c-9d1a-4c2b-8e5f-1a2b3c4d5e6f';

  it('round-trips a position, with or without a due date', () => {
    const cursors: TaskCursor[] = [
      { dueAt: '2025-12-01T08:00:00.123Z', runId, taskId: 'village-verification-1' },
      { dueAt: null, runId, taskId: 'objection-review-2' },
      // A responsible unit's part in a measure with the longest id there is.
      { dueAt: null, runId, taskId: `part-${'M'.repeat(64)}-disabled-persons-federation` },
    ];
    for (const cursor of cursors) {
      const text = encodeTaskCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeTaskCursor(text)).toEqual(cursor);
    }
  });

  it('refuses what it did not make with a 400', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = [
      'not-a-cursor',
      encode({ dueAt: null, runId, taskId: 't' }),
      encode(['yesterday', runId, 't']),
      encode([null, 'x; DROP TABLE tasks', 't']),
      encode([null, runId, "t' OR '1'='1"]),
      encode([null, runId]),
      encode([null, runId, 'p'.repeat(129)]),
    ];
    for (const text of bad) {
      expect(() => decodeTaskCursor(text)).toThrow(ApiError);
      try {
        decodeTaskCursor(text);
      } catch (error) {
        expect(error).toMatchObject({ status: 400, code: 'INPUT.INVALID' });
      }
    }
  });
});
