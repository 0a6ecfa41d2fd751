/**
 * The API's answers, each defined once: the TypeScript type (`z.infer`), and the OpenAPI component
 * (its `id`) that the document references and clients are generated from.
 */
export * from './accounts';
export * from './alerts';
export * from './assessment';
export * from './audit';
export * from './auth';
export * from './batches';
export * from './calendar';
export * from './cases';
export * from './codec';
export * from './console';
export * from './divisions';
export * from './errors';
export * from './health';
export * from './households';
export * from './inbox';
export * from './reports';
export * from './ways-in';
export * from './policy';
export * from './national';
export * from './village-meetings';
export * from './triage';
export * from './supervisor-views';
