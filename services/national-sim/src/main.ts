import { main } from '@fanpin/platform';

import { settings } from './settings';
import { SimulatorModule } from './simulator.module';

main({
  name: 'national-sim',
  settings,
  module: () => SimulatorModule.forRoot(),
  temporalWorker: false,
});
