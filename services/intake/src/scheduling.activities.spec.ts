import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';

import { CalendarYears } from '@fanpin/persistence';

import { SchedulingActivitiesService } from './scheduling.activities';

describe('the scheduling activities of intake', () => {
  // Packaged years only: the calendar needs no query.
  const service = new SchedulingActivitiesService(new CalendarYears({} as DataSource));
  const activities = service.activities();
  const dueAt = (command: Parameters<typeof activities.dueAt>[0]) => activities.dueAt(command);
  const nextReportCutoff = (command: { from: string }) => activities.nextReportCutoff(command);
  const resumedDue = (command: Parameters<typeof activities.resumedDue>[0]) =>
    activities.resumedDue(command);
  it('counts a step deadline in working days of the official calendar', async () => {
    // Friday 26 September 2025, 16:30 CST: 6 working days end on the make-up Saturday 11 October.
    await expect(
      dueAt({ from: '2025-09-26T08:30:00.000Z', spec: { workingDays: 6 } }),
    ).resolves.toEqual({
      dueAt: '2025-10-11T15:59:59.999Z',
      provisional: false,
      basis: { from: '2025-09-26T08:30:00.000Z', spec: { workingDays: 6 } },
    });
    await expect(
      dueAt({ from: '2025-09-26T08:30:00.000Z', spec: { duration: '5s' } }),
    ).resolves.toEqual({
      dueAt: '2025-09-26T08:30:05.000Z',
      provisional: false,
      basis: { from: '2025-09-26T08:30:00.000Z', spec: { duration: '5s' } },
    });
  });

  it('fails for good on a malformed command', async () => {
    for (const command of [
      { from: 'yesterday', spec: { workingDays: 1 } },
      { from: '2025-09-26T08:30:00.000Z', spec: { workingDays: -1 } },
      { from: '2025-09-26T08:30:00.000Z', spec: { duration: 'soon' } },
      { from: '2025-09-26T08:30:00.000Z', spec: null },
    ]) {
      const failure = await dueAt(command as never).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'INPUT.INVALID', nonRetryable: true });
    }
    await expect(nextReportCutoff({ from: 'x' })).rejects.toBeInstanceOf(ApplicationFailure);
  });

  it('gives the next half-monthly cut-off', async () => {
    await expect(nextReportCutoff({ from: '2026-03-15T16:30:00.000Z' })).resolves.toEqual({
      cutoffAt: '2026-03-31T15:59:59.999Z',
    });
  });

  it('stops the identification clock while the case waits for the half-monthly cut-off', async () => {
    // Intake on Monday 3 November 2025, 09:00 CST: 20 working days end on Monday 1 December.
    const basis = { from: '2025-11-03T01:00:00.000Z', spec: { workingDays: 20 } };
    expect((await dueAt(basis)).dueAt).toBe('2025-12-01T15:59:59.999Z');
    // The township confirmed on Thursday 20 November with 7 working days left (21, 24–28, 1);
    // the report went to the city at the end of Sunday 30 November: 7 working days from then.
    await expect(
      resumedDue({
        basis,
        pausedAt: '2025-11-20T02:00:00.000Z',
        resumedAt: '2025-11-30T15:59:59.999Z',
      }),
    ).resolves.toEqual({
      dueAt: '2025-12-09T15:59:59.999Z',
      provisional: false,
      basis: { from: '2025-11-30T15:59:59.999Z', spec: { workingDays: 7 } },
    });
    // Late before the wait: the due date stays where it was.
    await expect(
      resumedDue({
        basis,
        pausedAt: '2025-12-02T02:00:00.000Z',
        resumedAt: '2025-12-15T15:59:59.999Z',
      }),
    ).resolves.toEqual(await dueAt(basis));
    // A duration begins later by the length of the wait.
    await expect(
      resumedDue({
        basis: { from: '2025-11-03T01:00:00.000Z', spec: { duration: '30s' } },
        pausedAt: '2025-11-03T01:00:10.000Z',
        resumedAt: '2025-11-03T01:00:40.000Z',
      }),
    ).resolves.toMatchObject({ dueAt: '2025-11-03T01:01:00.000Z' });
  });
});
