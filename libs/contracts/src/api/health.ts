import { z } from '../forms/zod';

import { view } from './fields';

export const HealthLive = view('HealthLive', { status: z.literal('ok') });

export const HealthReady = view('HealthReady', {
  status: z.literal('ok'),
  checks: z.record(z.string(), z.literal('up')).meta({
    description: 'Each dependency (database, temporal) and its state',
  }),
  warnings: z.record(z.string(), z.string()).optional().meta({
    description:
      'What an operator should act on without the service being unready: the calendar, from November, when next year has no arrangement',
  }),
});
