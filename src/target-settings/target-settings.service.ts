import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { CourseSummaries } from '../course-summary/course-summaries.service.js';
import { MunicipalTargetsRepository } from '../service-targets/municipal-targets.repository.js';
import { checkMunicipalTargets, NATIONAL_TARGETS } from '../service-targets/target-definitions.js';
import type { PutServiceTargetsDto } from './dto/service-targets.dto.js';

/** Reading and setting a municipality's own service targets (GET/PUT .../service-targets). */
@Injectable()
export class TargetSettingsService {
  constructor(
    private readonly targets: MunicipalTargetsRepository,
    private readonly summaries: CourseSummaries,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
  ) {}

  async get(municipalityCode: string) {
    this.assertOwnMunicipality(municipalityCode);
    return { municipalityCode, national: NATIONAL_TARGETS, municipal: await this.targets.findForMunicipality(municipalityCode) };
  }

  /**
   * Replaces the municipality's own targets. Courses whose first contact falls on or after the
   * earliest date touched are judged again in the same transaction, so reports follow at once.
   */
  async put(municipalityCode: string, dto: PutServiceTargetsDto) {
    const principal = this.context.requirePrincipal();
    this.assertOwnMunicipality(municipalityCode);
    checkMunicipalTargets(dto.targets);
    // One change of a municipality's targets at a time, and none while a course of it is being
    // summarised (CourseSummaries.refresh): two PUTs at once used to deadlock on each other's rows.
    await this.targets.lockForChange(municipalityCode);
    const before = await this.targets.findForMunicipality(municipalityCode);
    await this.targets.replace(municipalityCode, dto.targets, principal.sub);
    const [from] = [...before, ...dto.targets].map((t) => t.validFrom).sort();
    if (from) await this.summaries.refreshMunicipality(municipalityCode, from);
    await this.audit.record({
      action: 'update',
      resourceType: 'service_targets',
      resourceId: municipalityCode,
      municipalityCode,
      details: {
        before: before.map(({ name, kind, limitDays, validFrom, validTo }) => ({ name, kind, limitDays, validFrom, validTo })),
        after: dto.targets,
      },
    });
    return this.get(municipalityCode);
  }

  private assertOwnMunicipality(code: string): void {
    if (!this.context.requirePrincipal().municipalities.includes(code)) {
      throw new ForbiddenError(`You are not a manager in municipality ${code}`);
    }
  }
}
