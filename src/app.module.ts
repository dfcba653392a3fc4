import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { loggerParams, scrubbingSink, type LogSink } from './common/logging.js';
import { ProblemFilter } from './common/problem.filter.js';
import { AppConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source.js';
import { DatabaseModule } from './database/database.module.js';
import { TenantTransactionInterceptor } from './database/tenant-transaction.interceptor.js';
import { HealthModule } from './health/health.module.js';
import { MunicipalitiesModule } from './municipalities/municipalities.module.js';
import { CoursesModule } from './courses/courses.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ExtractsModule } from './extracts/extracts.module.js';
import { WorklistModule } from './worklist/worklist.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { IdempotencyInterceptor } from './common/idempotency.interceptor.js';
import { KlDeliveryModule } from './kl-delivery/kl-delivery.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Where log lines go (after CPR scrubbing); stdout unless a test collects them. */
  logSink?: LogSink;
}

@Module({})
export class AppModule {
  static register({ config, logSink }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config.env.LOG_LEVEL, scrubbingSink(logSink))),
        TypeOrmModule.forRoot(dataSourceOptions(config.database.appUrl, config.database.poolSize)),
        DatabaseModule.register(config),
        AuditModule,
        HealthModule,
        MunicipalitiesModule,
        CoursesModule,
        WorklistModule,
        ReportsModule,
        ExtractsModule,
        MonitoringModule,
        KlDeliveryModule,
      ],
      providers: [
        TokenVerifier,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        // Order matters: the tenant transaction wraps the idempotency check and the handler.
        { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
