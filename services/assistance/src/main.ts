import { main } from '@fanpin/platform';

import { AssistanceModule } from './assistance.module';
import { settings } from './settings';

main({
  name: 'assistance',
  settings,
  module: (config) => AssistanceModule.forRoot(config),
  temporalWorker: true,
});
