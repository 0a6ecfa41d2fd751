import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { HealthLive, HealthReady } from '@fanpin/contracts';
import { HealthController } from '@fanpin/platform';

import { Answers, Fails } from './answers';

type MethodDecorator = (target: object, key: string, descriptor: PropertyDescriptor) => unknown;

function describe(name: 'live' | 'ready', ...decorators: MethodDecorator[]): void {
  const prototype = HealthController.prototype;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
  for (const decorate of decorators) decorate(prototype, name, descriptor);
}

/**
 * Documents the health routes, which every service shares from libs/platform (where the document's
 * vocabulary does not belong): applied once, as the API module makes them public.
 */
export function describeHealthRoutes(): void {
  ApiTags('health')(HealthController);
  describe(
    'live',
    ApiOperation({ summary: 'Liveness: the process answers' }),
    Answers(200, HealthLive, 'Alive'),
  );
  describe(
    'ready',
    ApiOperation({ summary: 'Readiness: the database and Temporal answer' }),
    Answers(200, HealthReady, 'Ready'),
    Fails(503, 'SERVICE.NOT_READY: a dependency does not answer'),
  );
}
