import { main } from '@fanpin/platform';

import { settings } from './settings';
import { WorkflowWorkerModule } from './worker.module';

main({
  name: 'workflow-worker',
  settings,
  module: (config) => WorkflowWorkerModule.forRoot(config),
  temporalWorker: true,
});
