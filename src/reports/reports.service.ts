import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import type { DisclosureLevel } from '../statistics/disclosure.rules.js';
import { NATIONAL_TARGETS } from '../service-targets/target-definitions.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { complianceTargets, flowGroup } from './report-shape.js';
import { AggregatesRepository } from '../statistics/aggregates.repository.js';
import type { ReportScope } from '../statistics/groupings.js';
import { reportAccess } from './report-access.policy.js';

/**
 * Managers see exact figures for their own municipalities. Evaluators (Sundhedsstyrelsen) see
 * every municipality, only in aggregate, with the small-number rules applied below national level.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: AggregatesRepository,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async compliance(query: ReportQueryDto) {
    const { scope, level } = await this.scopeFor(query);
    const today = this.clock.today();
    // Evaluators see the national targets only: a municipality's own target carries its own
    // name, so even a national figure for it would be that one municipality's, unsuppressed.
    const rows = (await this.repository.compliance(query.from, query.to, today, scope, query.groupBy)).filter(
      (row) => level === null || row.national,
    );
    await this.recordRead('compliance_report', scope, query);
    return {
      from: query.from,
      to: query.to,
      today,
      scope,
      groupBy: query.groupBy ?? null,
      suppression: level && level !== 'national' ? 'small numbers suppressed (docs/domain.md)' : null,
      targets: complianceTargets(
        rows,
        NATIONAL_TARGETS.map((t) => t.name),
        level,
        Boolean(query.groupBy),
      ),
    };
  }

  async flow(query: ReportQueryDto) {
    const { scope, level } = await this.scopeFor(query);
    const rows = await this.repository.flow(query.from, query.to, scope, query.groupBy);
    await this.recordRead('flow_report', scope, query);
    return {
      from: query.from,
      to: query.to,
      scope,
      groupBy: query.groupBy ?? null,
      suppression: level && level !== 'national' ? 'small numbers suppressed (docs/domain.md)' : null,
      groups: rows.map((r) => flowGroup(r, level)),
    };
  }

  /** Resolves the scope asked for against the caller (reportAccess); returns the disclosure level (null: exact figures). */
  private async scopeFor(query: ReportQueryDto): Promise<{ scope: ReportScope; level: DisclosureLevel | null }> {
    const { scope, level, national } = reportAccess(query, this.context.requirePrincipal());
    if (national) await this.national.widen('aggregate_report');
    return { scope, level };
  }

  private async recordRead(resourceType: string, scope: ReportScope, query: ReportQueryDto) {
    await this.audit.record({
      action: 'read',
      resourceType,
      municipalityCode: scope.municipalities?.length === 1 ? scope.municipalities[0] : null,
      details: { from: query.from, to: query.to, scope, groupBy: query.groupBy ?? null },
    });
  }
}
