import { invalidField } from '../errors/api-error';

/** Where a page of the inbox ends: its last task's due instant (null: none), run and task id. */
export interface TaskCursor {
  dueAt: string | null;
  runId: string;
  taskId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// As the task routes take them (case-id.pipe.ts): a measure's or a unit's part is longer than a code.
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** An opaque cursor for `after`: base64url of the keyset position. */
export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueAt, cursor.runId, cursor.taskId])).toString(
    'base64url',
  );
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

/** The keyset position of a cursor; a 400 when it is not one this API made. */
export function decodeTaskCursor(text: string): TaskCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [dueAt, runId, taskId] = parsed as unknown[];
    if (
      (dueAt === null || isInstant(dueAt)) &&
      typeof runId === 'string' &&
      UUID.test(runId) &&
      typeof taskId === 'string' &&
      TASK_ID.test(taskId)
    ) {
      return { dueAt, runId, taskId };
    }
  }
  throw invalidField(
    'after',
    'after must be the `next` of a page of this list',
    'after is not a cursor of this list',
  );
}
