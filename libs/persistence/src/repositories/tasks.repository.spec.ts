import type { TaskInboxEntry } from '@fanpin/contracts';

import { taskInboxUpsertParams, taskInboxUpsertSql } from './tasks.repository';

describe('task inbox upsert', () => {
  const entry: TaskInboxEntry = {
    caseId: `case-hh${'a'.repeat(32)}`,
    runId: '0b7e8f3c-9d1a-4c2b-8e5f-1a2b3c4d5e6f',
    taskId: 'village-verification-1',
    kind: 'village-verification',
    role: 'village-cadre',
    divisions: { countyCode: '220681', townshipCode: '220681100', villageCode: '220681100200' },
    status: 'open',
    dueAt: '2025-12-03T16:00:00.000Z',
    escalatedTo: null,
    completedBy: null,
  };

  it('passes one parameter per placeholder, in the order of the columns', () => {
    const params = taskInboxUpsertParams(entry);
    const placeholders = new Set(taskInboxUpsertSql.match(/\$\d+/g));
    expect(placeholders.size).toBe(params.length);
    expect(params).toEqual([
      entry.runId,
      entry.caseId,
      entry.taskId,
      'village-verification',
      'village-cadre',
      '220681',
      '220681100',
      '220681100200',
      'open',
      entry.dueAt,
      null,
      null,
      null, // no department: only assistance measures have one
      false, // an official due date
      null, // counted from nothing this entry says
      null,
      null, // no notice end: only objection reviews have one
      null, // no measure: only a measure's task and a unit's part in it have one
    ]);
  });

  it('keeps the measure of a responsible unit’s part', () => {
    const part = { ...entry, kind: 'measure-contribution' as const, measureId: 'M-LOAN' };
    expect(taskInboxUpsertParams({ ...part, department: 'finance' }).slice(12, 13)).toEqual([
      'finance',
    ]);
    expect(taskInboxUpsertParams(part).at(-1)).toBe('M-LOAN');
  });

  it('keeps what a due date was counted from, so that a provisional one can be counted again', () => {
    const basis = { from: '2026-12-06T02:00:00.000Z', spec: { workingDays: 20 } };
    const params = taskInboxUpsertParams({ ...entry, dueProvisional: true, dueBasis: basis });
    expect(params.slice(-5, -2)).toEqual([true, basis.from, '{"workingDays":20}']);
  });
});
