import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { Db } from './db.js';
import { NationalScope } from './tenant-transaction.interceptor.js';

/** Shared, global providers: configuration, request context, the database handle. */
@Global()
@Module({})
export class DatabaseModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: AppConfig, useValue: config }, RequestContext, Db, NationalScope, Clock],
      exports: [AppConfig, RequestContext, Db, NationalScope, Clock],
    };
  }
}
