import { z } from '../forms/zod';

import { view } from './fields';
import { DivisionLevels } from '../codes';

/** An administrative division of the county (National Bureau of Statistics codes). */
export const DivisionView = view('Division', {
  code: z.string().meta({ description: '6 digits (county), 9 (township) or 12 (village)' }),
  name: z.string().meta({ examples: ['桦树镇'] }),
  level: z.enum(DivisionLevels),
  parent: z.string().meta({ description: 'The code of the division it lies in' }),
});
export type DivisionView = z.infer<typeof DivisionView>;

/** The county, its townships and their villages: the division codes accounts and forms take. */
export const DivisionList = view('DivisionList', {
  countyCode: z.string(),
  divisions: z.array(DivisionView).meta({
    description: 'The county first, then each township followed by its villages',
  }),
});
export type DivisionList = z.infer<typeof DivisionList>;
