import { Injectable, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

import { PERMISSION, PUBLIC } from './permission.decorator';

/**
 * Refuses to boot when a route names neither a permission nor `@Public()`: no route ever exists
 * without saying who may call it.
 */
@Injectable()
export class RouteInventory implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const unguarded: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!instance || !type) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        if (this.reflector.get(PATH_METADATA, handler) === undefined) continue;
        if (this.reflector.get(METHOD_METADATA, handler) === undefined) continue;
        const targets = [handler, type];
        const declared =
          this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets) ??
          this.reflector.getAllAndOverride<string | undefined>(PERMISSION, targets);
        if (!declared) unguarded.push(`${type.name}.${name}`);
      }
    }
    if (unguarded.length > 0) {
      throw new Error(`routes without a permission or @Public(): ${unguarded.join(', ')}`);
    }
  }
}
