import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ForbiddenError, InvalidInputError } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import type { ResponsibleFilter } from '../courses/dto/course.dto.js';
import { responsibleOf } from '../courses/course.views.js';
import { WorklistRepository } from './worklist.repository.js';
import { worklistFlags } from './worklist.rules.js';

export const DEFAULT_DUE_SOON_DAYS = 3;

@Injectable()
export class WorklistService {
  constructor(
    private readonly repository: WorklistRepository,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(municipality: string | undefined, dueWithinDays: number | undefined, responsible?: ResponsibleFilter) {
    const principal = this.context.requirePrincipal();
    const code = municipality ?? (principal.municipalities.length === 1 ? principal.municipalities[0] : undefined);
    if (!code) throw new InvalidInputError('municipality', 'required', 'municipality is required when you work for several municipalities');
    if (!principal.municipalities.includes(code)) throw new ForbiddenError(`You do not work for municipality ${code}`);
    const today = this.clock.today();
    const horizon = dueWithinDays ?? DEFAULT_DUE_SOON_DAYS;
    const rows = await this.repository.findRunningClocks(
      code,
      today,
      dueWithinDays,
      responsible === 'me' ? principal.sub : responsible === 'none' ? null : undefined,
    );
    await this.audit.record({
      action: 'read',
      resourceType: 'worklist',
      municipalityCode: code,
      details: { courses: rows.length, responsible: responsible ?? null },
    });
    return {
      municipality: code,
      today,
      dueWithinDays: horizon,
      items: rows.map((r) => ({
        courseId: r.courseId,
        target: r.target,
        deadline: r.deadline,
        daysLeft: r.daysLeft,
        firstContactDate: r.firstContactDate,
        clockStart: r.clockStart,
        nextPlannedDate: r.plannedDates.find((d) => d >= today) ?? null,
        flags: worklistFlags(r, today, horizon),
        responsible: responsibleOf(r),
      })),
    };
  }
}
