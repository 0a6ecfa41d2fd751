import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';

import { HEALTH_PROBES, type HealthProbe } from './health-probe';

const PROBE_TIMEOUT_MS = 2000;

async function runProbe(probe: HealthProbe): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe.check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness (the process answers) and readiness (everything it depends on answers). */
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_PROBES) private readonly probes: HealthProbe[]) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{
    status: 'ok';
    checks: Record<string, 'up'>;
    warnings?: Record<string, string>;
  }> {
    const results = await Promise.all(
      this.probes.map(async (p) => [p.name, await runProbe(p)] as const),
    );
    const checks = Object.fromEntries(results.map(([name, up]) => [name, up ? 'up' : 'down']));
    if (results.some(([, up]) => !up)) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    const warnings = await this.warnings();
    return {
      status: 'ok',
      checks: checks as Record<string, 'up'>,
      ...(Object.keys(warnings).length > 0 ? { warnings } : {}),
    };
  }

  /** The probes' warnings: readiness holds, but an operator should act. */
  private async warnings(): Promise<Record<string, string>> {
    const found = await Promise.all(
      this.probes.map(async (p) => [p.name, await p.warning?.().catch(() => null)] as const),
    );
    return Object.fromEntries(found.filter((w): w is [string, string] => typeof w[1] === 'string'));
  }
}
