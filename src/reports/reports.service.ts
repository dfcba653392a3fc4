import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import type { DisclosureLevel } from '../statistics/disclosure.rules.js';
import { NATIONAL_TARGETS } from '../service-targets/target-definitions.js';
import type { ReportQueryDto } from './dto/report-query.dto.js';
import { InvalidInputError, RuleViolation } from '../common/errors.js';
import { funnelLimits } from '../statistics/funnel.rules.js';
import { PopulationFiguresRepository } from '../statistics/population-figures.repository.js';
import { comparedMunicipalities, funnelDenominators, limitsAt, positionOf } from './comparison.rules.js';
import type { ComparisonQueryDto } from './dto/comparison-query.dto.js';
import { AggregatesRepository } from '../statistics/aggregates.repository.js';
import { CohortPublisher } from '../statistics/disclosure/cohort-publisher.js';
import { PUBLISHED_TARGETS, type Breakdown, type Publication } from '../statistics/disclosure/cohort-publication.js';
import { emptyComplianceRow, emptyFlowRow, everyGroup, publishedGroupKeys } from '../statistics/disclosure/published-groups.js';
import type { GroupBy, ReportScope } from '../statistics/groupings.js';
import { lastCompleteHalfYear, parseHalfYear, wholeHalfYear } from '../statistics/period.rules.js';
import { complianceTargets, flowGroup, publishedComplianceGroup, publishedFlowGroup, type PublishedCell } from './report-shape.js';
import { reportAccess } from './report-access.policy.js';

/**
 * Managers see exact figures for their own municipalities. Evaluators (Sundhedsstyrelsen) see
 * every municipality, only in aggregate, with the small-number rules applied below national level.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: AggregatesRepository,
    private readonly publisher: CohortPublisher,
    private readonly population: PopulationFiguresRepository,
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
    const found = (await this.repository.compliance(query.from, query.to, today, scope, query.groupBy)).filter(
      (row) => level === null || row.national,
    );
    const publication = await this.publicationFor(query, level, today);
    // From a publication, every group it holds is listed (published-groups.ts): one left out would say it had no course.
    const rows = publication
      ? PUBLISHED_TARGETS.flatMap((t) =>
          everyGroup(
            found.filter((r) => r.target === t),
            publishedGroupKeys(publication.geography, scope, query.groupBy),
            (key) => emptyComplianceRow(t, key),
          ),
        )
      : found;
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
        publication ? (row) => publishedComplianceGroup(row, cellOf(publication, scope, query.groupBy, row.key)) : undefined,
      ),
    };
  }

  async flow(query: ReportQueryDto) {
    const { scope, level } = await this.scopeFor(query);
    const found = await this.repository.flow(query.from, query.to, scope, query.groupBy);
    const publication = await this.publicationFor(query, level, this.clock.today());
    const rows = publication ? everyGroup(found, publishedGroupKeys(publication.geography, scope, query.groupBy), emptyFlowRow) : found;
    await this.recordRead('flow_report', scope, query);
    return {
      from: query.from,
      to: query.to,
      scope,
      groupBy: query.groupBy ?? null,
      suppression: level && level !== 'national' ? 'small numbers suppressed (docs/domain.md)' : null,
      groups: rows.map((r) =>
        publication ? publishedFlowGroup(r, cellOf(publication, scope, query.groupBy, r.key)) : flowGroup(r, level),
      ),
    };
  }

  /** Resolves the scope asked for against the caller (reportAccess); returns the disclosure level (null: exact figures). */
  private async scopeFor(query: ReportQueryDto): Promise<{ scope: ReportScope; level: DisclosureLevel | null }> {
    const { scope, level, national } = reportAccess(query, this.context.requirePrincipal());
    if (national) await this.national.widen('aggregate_report');
    return { scope, level };
  }

  /**
   * Below national level an evaluator's figures come from the cohort's publication, the one
   * disclosure control of every evaluator-facing output: only for a whole calendar half-year, and
   * only by the breakdowns it holds (docs/metrics.md, "Disclosure control across outputs").
   */
  private async publicationFor(query: ReportQueryDto, level: DisclosureLevel | null, today: string): Promise<Publication | null> {
    if (level === null || level === 'national') return null;
    const half = wholeHalfYear(query.from, query.to);
    if (!half) {
      throw new RuleViolation(
        'whole_half_year',
        'Below national level, figures are published for whole calendar half-years only (from YYYY-01-01 to YYYY-06-30, or YYYY-07-01 to YYYY-12-31)',
        'from',
      );
    }
    if (query.groupBy && !PUBLISHED_GROUPINGS.includes(query.groupBy)) {
      throw new RuleViolation(
        'grouping_below_national',
        `Below national level, figures are grouped by ${PUBLISHED_GROUPINGS.join(', ')} only`,
        'groupBy',
      );
    }
    return this.publisher.publish(half, today);
  }

  /**
   * The comparison of municipalities for a national target and a half-year: each municipality's
   * published rate and denominator (from the half-year's publication, as every evaluator-facing
   * figure below national level), the exact national rate, and the funnel's control limits.
   */
  async comparison(query: ComparisonQueryDto) {
    const today = this.clock.today();
    const principal = this.context.requirePrincipal();
    const period = query.period ? parseHalfYear(query.period) : lastCompleteHalfYear(today);
    if (!period) throw new InvalidInputError('period', 'half_year', 'period must be a half-year written YYYYH1 or YYYYH2');
    if (period.from > today)
      throw new RuleViolation('period_in_future', `The period ${period.label} has not begun (today is ${today})`, 'period');
    const target = query.target ?? 'pre_conversation_14d';
    const members = comparedMunicipalities(principal, await this.population.findMunicipalities());
    // Aggregate figures only, of municipalities other than the caller's own.
    await this.national.widen('aggregate_report');
    const publication = await this.publisher.publish(period, today);
    const [nation] = (await this.repository.compliance(period.from, period.to, today, { level: 'national' })).filter(
      (r) => r.target === target,
    );
    const judged = nation ? nation.met + nation.breached + nation.overdue : 0;
    const nationalRate = judged ? Number((nation.met / judged).toFixed(3)) : null;
    const municipalities = members.map((m) => {
      const n = publication.count(`${target}.judged_n`, m.code);
      const rate = publication.rate(`${target}.rate`, m.code);
      const limits = limitsAt(nationalRate, n);
      return { code: m.code, name: m.name, regionCode: m.regionCode, judged: n, rate, limits, position: positionOf(rate, limits) };
    });
    const largest = Math.max(0, ...municipalities.map((m) => (typeof m.judged === 'number' ? m.judged : 0)));
    await this.audit.record({ action: 'read', resourceType: 'comparison_report', details: { target, period: period.label } });
    return {
      target,
      period: { label: period.label, from: period.from, to: period.to },
      today,
      national: { rate: nationalRate, judged },
      municipalities,
      funnel: nationalRate === null ? [] : funnelDenominators(largest).map((n) => ({ n, ...funnelLimits(nationalRate, n) })),
      suppression: 'small numbers suppressed (docs/domain.md)',
    };
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

/** The groupings the publication holds below national level. */
const PUBLISHED_GROUPINGS: readonly GroupBy[] = ['municipality', 'region', 'age_group', 'sex'];

/** Where a report group's figures are in the publication: its area and breakdown. */
function cellOf(publication: Publication, scope: ReportScope, groupBy: GroupBy | undefined, key: string): PublishedCell {
  const own = scope.level === 'municipality' ? scope.municipalities![0] : scope.level === 'region' ? scope.region! : 'DK';
  if (groupBy === 'municipality') return { publication, area: key, breakdown: 'all' };
  if (groupBy === 'region') return { publication, area: scope.level === 'municipality' ? own : key, breakdown: 'all' };
  if (groupBy === 'age_group' || groupBy === 'sex') return { publication, area: own, breakdown: `${groupBy}:${key}` as Breakdown };
  return { publication, area: own, breakdown: 'all' };
}
