import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { InvalidInputError, RuleViolation } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { IndicatorsCalculator } from '../statistics/indicators.calculator.js';
import { IndicatorsRepository } from '../statistics/indicators.repository.js';
import { halfYearsBetween, isComplete, lastCompleteHalfYear, parseHalfYear, parsePeriod, type Period } from '../statistics/period.rules.js';
import type { BaselineDto } from './dto/baseline.dto.js';
import type { IndicatorsQueryDto } from './dto/indicators-query.dto.js';
import { indicatorAccess } from './indicator-access.policy.js';

/** The offer began in 2024 (sundhedsloven § 126 a); a baseline cannot start before it. */
const FIRST_HALF_YEAR = '2024H1';

/**
 * The monitoring indicators. Managers see exact figures for their own municipalities; evaluators
 * (Sundhedsstyrelsen) see every area at every level, with the small-number rules below national
 * level. The baseline period is the administrator's to set.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repository: IndicatorsRepository,
    private readonly calculator: IndicatorsCalculator,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async indicators(query: IndicatorsQueryDto) {
    const today = this.clock.today();
    const period = this.periodOf(query.period, today);
    const principal = this.context.requirePrincipal();
    const municipalities = await this.calculator.municipalities();
    const { level, scope, members, disclosure, national } = indicatorAccess(query, principal, municipalities);
    if (national) await this.national.widen('aggregate_report');
    const published = await this.calculator.compute({ period, level, members, scope, disclosure, today });
    await this.audit.record({
      action: 'read',
      resourceType: 'monitoring_indicators',
      municipalityCode: 'municipalities' in scope && scope.municipalities.length === 1 ? scope.municipalities[0] : null,
      details: { period: period.label, level, scope },
    });
    return published;
  }

  async baseline() {
    const baseline = await this.repository.findBaseline();
    await this.audit.record({ action: 'read', resourceType: 'indicator_baseline' });
    return { baseline: baseline ? withHalfYears(baseline) : null };
  }

  /** A baseline is whole half-years the offer has run: from 2024H1, ended by today. */
  async setBaseline(dto: BaselineDto) {
    const [from, to] = [parseHalfYear(dto.from), parseHalfYear(dto.to)];
    if (!from) throw new InvalidInputError('from', 'half_year', 'from must be a half-year written YYYYH1 or YYYYH2');
    if (!to) throw new InvalidInputError('to', 'half_year', 'to must be a half-year written YYYYH1 or YYYYH2');
    if (from.from > to.from) throw new InvalidInputError('to', 'after_from', 'to must be the same half-year as from or later');
    if (from.label < FIRST_HALF_YEAR) {
      throw new RuleViolation('baseline_before_offer', `The baseline cannot start before ${FIRST_HALF_YEAR}, when the offer began`, 'from');
    }
    const today = this.clock.today();
    if (!isComplete(to, today)) {
      throw new RuleViolation(
        'baseline_not_complete',
        `The baseline must end with a complete half-year (the last is ${lastCompleteHalfYear(today).label})`,
        'to',
      );
    }
    const previous = await this.repository.findBaseline();
    const saved = await this.repository.saveBaseline(from.label, to.label, this.context.requirePrincipal().sub);
    await this.audit.record({
      action: 'update',
      resourceType: 'indicator_baseline',
      details: { from: saved.from, to: saved.to, previous: previous ? { from: previous.from, to: previous.to } : null },
    });
    return { baseline: withHalfYears(saved) };
  }

  private periodOf(text: string | undefined, today: string): Period {
    if (text === undefined) return lastCompleteHalfYear(today);
    const period = parsePeriod(text);
    if (!period)
      throw new InvalidInputError('period', 'period', 'period must be a half-year (2025H2), a quarter (2025Q3) or a year (2025)');
    if (period.from > today)
      throw new RuleViolation('period_in_future', `The period ${period.label} has not begun (today is ${today})`, 'period');
    return period;
  }
}

function withHalfYears(baseline: { from: string; to: string; setBy: string; setAt: string }) {
  const halfYears = halfYearsBetween(parseHalfYear(baseline.from)!, parseHalfYear(baseline.to)!).map((h) => h.label);
  return { from: baseline.from, to: baseline.to, halfYears, setBy: baseline.setBy, setAt: baseline.setAt };
}
