export { SimulatorModule } from './simulator.module';
export { SimulatorStore } from './simulator.store';
