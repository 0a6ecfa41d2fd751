import type { InjectionToken, Provider } from '@nestjs/common';

import { HEALTH_PROBES, type HealthProbe } from './health-probe';

/** Provides the readiness probes of an application from its providers. */
export function healthProbes(...tokens: InjectionToken[]): Provider {
  return {
    provide: HEALTH_PROBES,
    useFactory: (...probes: HealthProbe[]) => probes,
    inject: tokens,
  };
}
