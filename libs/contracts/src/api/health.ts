import { z } from '../forms/zod';

import { view } from './fields';

export const HealthLive = view({ status: z.literal('ok') }).meta({ id: 'HealthLive' });

export const HealthReady = view({
  status: z.literal('ok'),
  checks: z.record(z.string(), z.literal('up')).meta({
    description: 'Each dependency (database, temporal) and its state',
  }),
  warnings: z.record(z.string(), z.string()).optional().meta({
    description:
      'What an operator should act on without the service being unready: the calendar, from November, when next year has no arrangement',
  }),
}).meta({ id: 'HealthReady' });
