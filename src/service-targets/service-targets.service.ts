import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError, RuleViolation } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { CoursesRepository } from '../courses/courses.repository.js';
import { CourseSummaryWriter } from './course-summary.writer.js';
import type { PutServiceTargetsDto } from './dto/service-targets.dto.js';
import { ServiceTargetsRepository } from './service-targets.repository.js';
import { NATIONAL_TARGETS } from './target-definitions.js';

@Injectable()
export class ServiceTargetsService {
  constructor(
    private readonly repository: ServiceTargetsRepository,
    private readonly courses: CoursesRepository,
    private readonly writer: CourseSummaryWriter,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
  ) {}

  async get(municipalityCode: string) {
    this.assertOwnMunicipality(municipalityCode);
    return { municipalityCode, national: NATIONAL_TARGETS, municipal: await this.repository.municipalTargets(municipalityCode) };
  }

  /**
   * Replaces the municipality's own targets. Courses whose first contact falls on or after the
   * earliest date touched are judged again in the same transaction, so reports follow at once.
   */
  async put(municipalityCode: string, dto: PutServiceTargetsDto) {
    const principal = this.context.requirePrincipal();
    this.assertOwnMunicipality(municipalityCode);
    const seen = new Set<string>();
    const nationalNames = new Set(NATIONAL_TARGETS.map((t) => t.name));
    dto.targets.forEach((t, i) => {
      // The database refuses these names too (CHECK on service_target.name): say so as a 422, not a 500.
      if (nationalNames.has(t.name)) {
        throw new RuleViolation('reserved_target_name', `${t.name} is a national target's name`, `targets.${i}.name`);
      }
      if (t.validTo && t.validTo < t.validFrom) {
        throw new RuleViolation('valid_to_before_valid_from', 'validTo is before validFrom', `targets.${i}.validTo`);
      }
      const key = `${t.name}@${t.validFrom}`;
      if (seen.has(key)) throw new RuleViolation('duplicate_target_version', `${t.name} has two versions from ${t.validFrom}`, `targets.${i}`);
      seen.add(key);
    });
    const kinds = new Map<string, string>();
    dto.targets.forEach((t, i) => {
      if (kinds.has(t.name) && kinds.get(t.name) !== t.kind) {
        throw new RuleViolation('target_kind_changed', `Every version of ${t.name} must have the same kind`, `targets.${i}.kind`);
      }
      kinds.set(t.name, t.kind);
    });
    const before = await this.repository.municipalTargets(municipalityCode);
    await this.repository.replaceMunicipalTargets(municipalityCode, dto.targets, principal.sub);
    const dates = [...before, ...dto.targets].map((t) => t.validFrom).sort();
    if (dates.length) {
      const definitions = await this.writer.definitionsFor(municipalityCode);
      for (const id of await this.repository.courseIdsFrom(municipalityCode, dates[0])) {
        const course = await this.courses.findCourse(id);
        if (course) await this.writer.refresh(course, definitions);
      }
    }
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
