import { Injectable } from '@nestjs/common';
import { MunicipalTargetsRepository } from './municipal-targets.repository.js';
import { NATIONAL_TARGETS, type TargetDefinition } from './target-definitions.js';

/** The target definitions a municipality's courses are judged by: the national ones and its own. */
@Injectable()
export class TargetDefinitionsProvider {
  constructor(private readonly municipal: MunicipalTargetsRepository) {}

  /** Every target definition a course in this municipality may be judged by (all versions). */
  async forMunicipality(municipalityCode: string): Promise<TargetDefinition[]> {
    return [...NATIONAL_TARGETS, ...(await this.municipal.findForMunicipality(municipalityCode))];
  }
}
