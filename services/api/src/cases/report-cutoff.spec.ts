import { reportCutoffOf } from './report-cutoff';

describe('reportCutoffOf', () => {
  const now = new Date('2026-03-10T02:00:00Z'); // 10 March, 10:00 in Asia/Shanghai

  it('is the next half-monthly cut-off: the 15th or the month end, end of day in Shanghai', () => {
    const stage = 'VILLAGE_VERIFICATION' as const;
    expect(reportCutoffOf({ stage, stageDeadline: null }, now)).toBe('2026-03-15T15:59:59.999Z');
    expect(reportCutoffOf({ stage, stageDeadline: null }, new Date('2026-03-15T16:30:00Z'))).toBe(
      '2026-03-31T15:59:59.999Z',
    );
  });

  it('is the one a case waits for at AWAITING_REPORT', () => {
    const stageDeadline = '2026-03-10T02:00:05.000Z';
    expect(reportCutoffOf({ stage: 'AWAITING_REPORT', stageDeadline }, now)).toBe(stageDeadline);
  });
});
