export * from './bundle';
export { WorkflowWorkerModule } from './worker.module';
