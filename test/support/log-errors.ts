import { TestSystem } from './harness';

// After every suite's own hooks (this file's afterAll belongs to the file's root block): a suite
// fails when a service logged an error line it did not declare (TestSystem.expectLogErrors).
afterAll(() => TestSystem.failOnLogErrors());
