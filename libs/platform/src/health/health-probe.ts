/** Something readiness depends on: a database, a Temporal connection, a worker. */
export interface HealthProbe {
  readonly name: string;
  check(): Promise<boolean>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
