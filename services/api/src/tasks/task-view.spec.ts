import type { InboxTaskRow } from '@fanpin/persistence';
import type { WorkingDayCalendar } from '@fanpin/platform';

import { taskView } from './task-view';

describe('an inbox task as the API shows it', () => {
  const calendar = { workingDaysBetween: () => 3 } as unknown as WorkingDayCalendar;
  const now = new Date('2026-12-01T00:00:00Z');
  const row: InboxTaskRow = {
    run_id: '0b7e8f3c-9d1a-4c2b-8e5f-1a2b3c4d5e6f',
    case_id: 'case-hh0123456789abcdef0123456789abcdef',
    task_id: 'part-M-LOAN-finance',
    kind: 'measure-contribution',
    role: 'lead-department',
    village_code: '220681005200',
    township_code: '220681005',
    due_at: new Date('2027-03-31T15:59:59.999Z'),
    due_provisional: false,
    escalated_to: null,
    department: 'finance',
    notice_ends_at: null,
    status: 'open',
    opened_at: new Date('2026-11-30T02:00:00Z'),
    stage: 'MONITORING',
    head_name_sealed: null,
    head_resident_id_sealed: null,
    measure_id: 'M-LOAN',
    measure_kind: 'industry',
    measure_code: 'MICRO_CREDIT',
    measure_lead: 'rural-commercial-bank',
    measure_due_on: '2027-03-31',
    measure_facts: { type: 'micro-credit', amount: 30000 },
  };
  const head = { residentIdMasked: '220681********002X' };

  it('shows a unit’s part with the measure it must deliver, and no name for a department', () => {
    const view = taskView(row, now, calendar, head);
    expect(view).toMatchObject({
      taskId: 'part-M-LOAN-finance',
      department: 'finance',
      villageCode: '220681005200',
      measure: {
        measureId: 'M-LOAN',
        kind: 'industry',
        measureCode: 'MICRO_CREDIT',
        leadDepartment: 'rural-commercial-bank',
        dueOn: '2027-03-31',
        facts: { type: 'micro-credit', amount: 30000 },
      },
    });
    expect(view).not.toHaveProperty('householdName');
  });

  it('shows no measure for a task of no measure (its row joined none)', () => {
    const visit = {
      ...row,
      task_id: 'follow-up-visit-1',
      kind: 'follow-up-visit' as const,
      department: null,
      measure_id: null,
      measure_kind: null,
      measure_code: null,
      measure_lead: null,
      measure_due_on: null,
      measure_facts: null,
    };
    expect(taskView(visit, now, calendar, head)).not.toHaveProperty('measure');
  });
});
