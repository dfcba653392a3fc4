import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { CoursesRepository } from '../courses/courses.repository.js';
import { CourseSummaryWriter } from './course-summary.writer.js';
import type { PutServiceTargetsDto } from './dto/service-targets.dto.js';
import { ServiceTargetsRepository } from './service-targets.repository.js';
import { checkMunicipalTargets, NATIONAL_TARGETS } from './target-definitions.js';

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
    checkMunicipalTargets(dto.targets);
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
