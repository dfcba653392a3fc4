import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleViolation } from '../common/errors.js';
import { RequestContext, type Principal } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
import type { DeliveriesQueryDto, HeldBackQueryDto, RedeliveryDto } from './dto/kl-delivery.dto.js';
import { KlDeliveryRepository, type LedgerRow } from './kl-delivery.repository.js';
import { KlPlanner } from './kl-planner.js';

/** At most this many courses are planned again by one re-delivery (it runs in the request): ask for a shorter period. */
export const REDELIVERY_LIMIT = 5000;

const STATES = ['pending', 'sent', 'accepted', 'rejected', 'exported', 'superseded'] as const;

/**
 * The ledger of the KL delivery (every report, its state, tries, last error and the gateway's
 * reasons), what is held back and why, the reporting SOR code, and re-delivery. Administrators see
 * every municipality, managers their own (row-level security; asking for another is a 403).
 */
@Injectable()
export class KlDeliveriesService {
  constructor(
    private readonly repository: KlDeliveryRepository,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly planner: KlPlanner,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
    private readonly audit: AuditService,
  ) {}

  /** The municipalities asked about: the one named (a manager's own), or all the caller may see. */
  private async scopeOf(municipality: string | undefined): Promise<{ principal: Principal; municipalities?: string[] }> {
    const principal = this.context.requirePrincipal();
    if (principal.roles.includes('admin')) {
      await this.national.widen('kl_delivery');
      return { principal, municipalities: municipality ? [municipality] : undefined };
    }
    if (municipality && !principal.municipalities.includes(municipality)) {
      throw new ForbiddenError(`You do not work for municipality ${municipality}`);
    }
    return { principal, municipalities: municipality ? [municipality] : principal.municipalities };
  }

  private static period(from?: string, to?: string): void {
    if (from && to && from > to) throw new InvalidInputError('from', 'period', 'from must not be after to');
  }

  async ledger(query: DeliveriesQueryDto) {
    KlDeliveriesService.period(query.from, query.to);
    const { municipalities } = await this.scopeOf(query.municipality);
    const filter = { municipalities, from: query.from, to: query.to };
    const byState = await this.repository.countReportsByState(filter);
    const heldBack = await this.repository.listHeldBack({ ...filter, limit: 0, offset: 0 });
    const counts = {
      ...Object.fromEntries(STATES.map((s) => [s, byState[s] ?? 0])),
      heldBack: heldBack.total,
    } as Record<(typeof STATES)[number] | 'heldBack', number>;
    const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
    let items;
    let total;
    if (query.state === 'held_back') {
      const held = await this.repository.listHeldBack({ ...filter, ...page });
      total = held.total;
      items = held.items.map((h) => ({
        ...EMPTY,
        id: null,
        municipalityCode: h.municipalityCode,
        courseId: h.courseId,
        state: 'held_back' as const,
        reason: h.reason,
        createdAt: h.since,
      }));
    } else {
      const reports = await this.repository.listReports({ ...filter, state: query.state, courseId: query.course, ...page });
      total = reports.total;
      items = reports.items.map(view);
    }
    await this.audit.record({
      action: 'read',
      resourceType: 'kl_delivery',
      municipalityCode: query.municipality ?? null,
      details: {
        state: query.state ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        course: query.course ?? null,
        shown: items.length,
      },
    });
    return { counts, items, total, page: query.page, pageSize: query.pageSize };
  }

  /** What is held back and why: municipalities without a SOR code, and courses without CPR (one audit entry per course shown). */
  async heldBack(query: HeldBackQueryDto) {
    KlDeliveriesService.period(query.from, query.to);
    const { principal, municipalities } = await this.scopeOf(query.municipality);
    const counts = await this.repository.countHeldBack({ municipalities });
    const withoutSor = await this.repository.municipalitiesWithoutSor(municipalities);
    const { items, total } = await this.repository.listHeldBack({
      municipalities,
      from: query.from,
      to: query.to,
      reason: query.reason,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const details = { reason: query.reason ?? null, from: query.from ?? null, to: query.to ?? null };
    await this.audit.record(
      ...(items.length
        ? items.map((i) => ({
            action: 'search' as const,
            resourceType: 'course',
            resourceId: i.courseId,
            municipalityCode: i.municipalityCode,
            details,
          }))
        : [
            {
              action: 'search' as const,
              resourceType: 'course',
              municipalityCode: query.municipality ?? (principal.municipalities.length === 1 ? principal.municipalities[0] : null),
              details,
            },
          ]),
    );
    const sum = (reason: string) => counts.filter((c) => c.reason === reason).reduce((n, c) => n + c.courses, 0);
    return {
      municipalitiesWithoutSor: withoutSor.map((m) => ({
        ...m,
        courses: counts.find((c) => c.municipalityCode === m.code && c.reason === 'missing_sor')?.courses ?? 0,
      })),
      counts: { missing_cpr: sum('missing_cpr'), missing_sor: sum('missing_sor') },
      items,
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Re-delivery after a fix: every course concerned is planned again with everything KL should
   * hold for it now (`resendAll`), under new Bundle ids, and its older reports not yet delivered —
   * the rejected one among them — are superseded, so the child's line moves on. Never an old
   * version again: a report is not re-sent as it was (docs/kl-reporting.md, "Re-delivery").
   */
  async redeliver(dto: RedeliveryDto) {
    KlDeliveriesService.period(dto.from, dto.to);
    if (dto.kind === 'period' && (!dto.from || !dto.to)) {
      throw new InvalidInputError(dto.from ? 'to' : 'from', 'required', 'A re-delivery of a period needs from and to');
    }
    const { municipalities } = await this.scopeOf(dto.municipality);
    if (dto.municipality && !(await this.municipalities.findByCode(dto.municipality))) throw new NotFoundError('Municipality');
    const filter = { municipalities, from: dto.from, to: dto.to };
    const courses =
      dto.kind === 'rejected' ? await this.repository.coursesWithRejectedReports(filter) : await this.repository.coursesWithReports(filter);
    if (courses.length > REDELIVERY_LIMIT) {
      throw new RuleViolation(
        'redelivery_too_large',
        `${courses.length} courses would be planned again; at most ${REDELIVERY_LIMIT} at a time: ask for a shorter period`,
        'to',
      );
    }
    const outcome = await this.planner.planCourses(courses, 'redelivery', { resendAll: true, validation: 'full' });
    let superseded = 0;
    for (const [courseId, ids] of outcome.reportIds) superseded += await this.repository.supersedeOlder(courseId, ids);
    await this.audit.record({
      action: 'redeliver',
      resourceType: 'kl_delivery',
      municipalityCode: dto.municipality ?? null,
      purpose: dto.reason,
      details: {
        kind: dto.kind,
        from: dto.from ?? null,
        to: dto.to ?? null,
        courses: courses.length,
        reports: outcome.reports,
        superseded,
      },
    });
    return { kind: dto.kind, courses: courses.length, reports: outcome.reports, superseded };
  }
}

const EMPTY = {
  cause: null,
  tries: 0,
  lastStatus: null,
  lastError: null,
  rejection: null,
  lastTriedAt: null,
  nextTryAt: null,
  acceptedAt: null,
  exportedAt: null,
  supersededBy: null,
  blockedBy: null,
};

function view(row: LedgerRow) {
  const { seq: _seq, ...rest } = row;
  return { ...rest, reason: null };
}
