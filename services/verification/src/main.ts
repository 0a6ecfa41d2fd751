import { main } from '@fanpin/platform';

import { VerificationModule } from './verification.module';
import { settings } from './settings';

main({
  name: 'verification',
  settings,
  module: (config) => VerificationModule.forRoot(config),
  temporalWorker: true,
});
