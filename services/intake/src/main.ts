import { main } from '@fanpin/platform';

import { IntakeModule } from './intake.module';
import { intakeSettings } from './settings';

main({
  name: 'intake',
  settings: intakeSettings,
  module: (config) => IntakeModule.forRoot(config),
  temporalWorker: true,
});
