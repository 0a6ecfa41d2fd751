import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';

import { CalendarYears, type CasesRepository, type TasksRepository } from '@fanpin/persistence';

import { IntakeActivitiesService } from './intake.activities';

describe('the scheduling activities of intake', () => {
  // Packaged years only: the calendar needs no query, the case table none either.
  const service = new IntakeActivitiesService(
    {} as CasesRepository,
    {} as TasksRepository,
    new CalendarYears({} as DataSource),
  );
  const activities = service.activities();
  const dueAt = (command: Parameters<typeof activities.dueAt>[0]) => activities.dueAt(command);
  const nextReportCutoff = (command: { from: string }) => activities.nextReportCutoff(command);
  const openCase = (command: Parameters<typeof activities.openCase>[0]) =>
    activities.openCase(command);

  it('hands the worker all three activities', () => {
    expect(typeof openCase).toBe('function');
  });

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
});
