import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditFailureInterceptor } from './audit/audit-failure.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { KnownMunicipalities, MunicipalityCodesRepository } from './auth/known-municipalities.js';
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
import { TargetSettingsModule } from './target-settings/target-settings.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ExtractsModule } from './extracts/extracts.module.js';
import { WorklistModule } from './worklist/worklist.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { ContentTypeInterceptor } from './common/content-type.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { KlDeliveryModule } from './kl-delivery/kl-delivery.module.js';
import { IdempotencyRepository } from './idempotency/idempotency.repository.js';
import { AuthModule } from './auth/auth.module.js';
import { DevLoginModule } from './dev-login/dev-login.module.js';
import { WebModule } from './web/web.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Where log lines go (after CPR scrubbing); stdout unless a test collects them. */
  logSink?: LogSink;
  /** The built web front to serve (default web/dist); a folder without index.html serves none. */
  webRoot?: string;
}

@Module({})
export class AppModule {
  static register({ config, logSink, webRoot }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(config.env.LOG_LEVEL, scrubbingSink(logSink))),
        TypeOrmModule.forRoot(dataSourceOptions(config.database.appUrl, config.database.poolSize, config.env.DATABASE_CONNECT_TIMEOUT_MS)),
        DatabaseModule.register(config),
        AuditModule,
        HealthModule,
        MunicipalitiesModule,
        CoursesModule,
        TargetSettingsModule,
        WorklistModule,
        ReportsModule,
        ExtractsModule,
        MonitoringModule,
        KlDeliveryModule,
        AuthModule,
        DevLoginModule.register(config),
        // Last: its catch-all for client routes must not shadow an API route.
        WebModule.register(webRoot),
      ],
      providers: [
        TokenVerifier,
        KnownMunicipalities,
        MunicipalityCodesRepository,
        IdempotencyRepository,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        // Order matters: a body of the wrong media type is refused before anything begins; failed
        // attempts are audited after the tenant transaction has rolled back; the tenant
        // transaction wraps the idempotency check and the handler.
        { provide: APP_INTERCEPTOR, useClass: ContentTypeInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AuditFailureInterceptor },
        { provide: APP_INTERCEPTOR, useClass: TenantTransactionInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
