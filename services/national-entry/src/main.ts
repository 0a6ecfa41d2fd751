import { main } from '@fanpin/platform';

import { NationalEntryModule } from './national-entry.module';
import { settings } from './settings';

main({
  name: 'national-entry',
  settings,
  module: (config) => NationalEntryModule.forRoot(config),
  temporalWorker: true,
});
