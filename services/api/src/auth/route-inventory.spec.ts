import { randomBytes } from 'node:crypto';

import { Controller, Get, Post, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';

import { Permissions } from '@fanpin/contracts';

import { ApiModule } from '../api.module';
import type { ApiConfig } from '../settings';

import { Public, RequirePermission } from './permission.decorator';
import { RouteInventory } from './route-inventory';

@Controller('guarded')
class GuardedController {
  @Get()
  @RequirePermission(Permissions.alertsReadOwn)
  list(): string {
    return 'ok';
  }

  @Get('health')
  @Public()
  health(): string {
    return 'ok';
  }

  /** Not a route: no HTTP method. */
  helper(): string {
    return 'not routed';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Post()
  @RequirePermission(Permissions.alertsSubmit)
  submit(): string {
    return 'ok';
  }

  // A route added without saying who may call it.
  @Get(':id')
  read(): string {
    return 'leaked';
  }
}

/** The application, with the route inventory the API runs, booted around the given controllers. */
async function boot(...controllers: Type[]): Promise<void> {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [RouteInventory],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('the API’s route inventory', () => {
  it('boots when every route names a permission or is public', async () => {
    await expect(boot(GuardedController)).resolves.toBeUndefined();
  });

  it('refuses to boot when a route names neither, saying which', async () => {
    await expect(boot(GuardedController, ForgottenController)).rejects.toThrow(
      'routes without a permission or @Public(): ForgottenController.read',
    );
  });

  it('is part of the API the service runs', () => {
    const config = {
      DATABASE_URL: 'postgres://unused',
      COMMAND_SIGNING_KEY: randomBytes(32).toString('base64url'),
    } as ApiConfig;
    expect(ApiModule.forRoot(config).providers).toContain(RouteInventory);
  });
});
