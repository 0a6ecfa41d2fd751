/** Something readiness depends on: a database, a Temporal connection, a worker. */
export interface HealthProbe {
  readonly name: string;
  check(): Promise<boolean>;
  /** Something an operator should act on that does not make the service unready. */
  warning?(): Promise<string | null>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');
