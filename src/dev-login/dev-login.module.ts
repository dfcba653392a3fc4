import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { DevLoginController } from './dev-login.controller.js';
import { devLoginAvailable } from './dev-login.rules.js';
import { DevLoginService } from './dev-login.service.js';

/** The development login; an empty module (no route at all) in production or with an external issuer. */
@Module({})
export class DevLoginModule {
  static register(config: AppConfig): DynamicModule {
    if (!devLoginAvailable(config)) return { module: DevLoginModule };
    return { module: DevLoginModule, controllers: [DevLoginController], providers: [DevLoginService] };
  }
}
