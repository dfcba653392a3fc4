import { Module } from '@nestjs/common';
import { MunicipalTargetsRepository } from './municipal-targets.repository.js';
import { TargetDefinitionsProvider } from './target-definitions.provider.js';

/**
 * The service targets: their rules as plain functions (`target-definitions.ts`, `clock.rules.ts`,
 * `family-delay.ts`, `target-state-sql.ts`) and, for Nest, the municipalities' own targets and
 * the definitions a municipality's courses are judged by.
 */
@Module({
  providers: [MunicipalTargetsRepository, TargetDefinitionsProvider],
  exports: [MunicipalTargetsRepository, TargetDefinitionsProvider],
})
export class ServiceTargetsModule {}
