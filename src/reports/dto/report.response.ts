/**
 * The reports as ReportsService and report-shape.ts publish them. Below national level an
 * evaluator's counts follow the small-number rules (PublishedCount); rates, medians and 90th
 * percentiles are null where they are hidden or do not exist.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../kernel/course.model.js';
import { published } from '../../common/openapi.js';
import { GROUP_BY, type GroupBy, type ScopeLevel } from '../../statistics/groupings.js';

type Count = number | '<5';

export const SCOPE_LEVELS = ['municipality', 'region', 'national'] as const satisfies readonly ScopeLevel[];

export class ReportScopeView {
  @ApiProperty({ enum: SCOPE_LEVELS, enumName: 'ScopeLevel' })
  level: ScopeLevel;

  @ApiPropertyOptional({ type: [String], example: ['751'], description: 'Level municipality: the municipality codes' })
  municipalities?: string[];

  @ApiPropertyOptional({ example: '1082', description: 'Level region: the region code' })
  region?: string;
}

const rate = (description: string) => ({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.875, description });
const days = (description: string) => ({ type: Number, nullable: true, example: 11, description });

export class WaitStatsView {
  @ApiProperty(published('PublishedCount', 'How many waits'))
  n: Count;

  @ApiProperty(days('Median days; null with no waits, or hidden below national level when n < 5'))
  median: number | null;

  @ApiProperty(days('90th percentile of days; null like the median'))
  p90: number | null;
}

export class AdjustedComplianceView {
  @ApiProperty(published('PublishedCount'))
  met: Count;

  @ApiProperty(published('PublishedCount'))
  breached: Count;

  @ApiProperty(published('PublishedCount'))
  overdue: Count;

  @ApiProperty(rate('met / (met + breached + overdue) with the family’s days taken out'))
  rate: number | null;

  @ApiProperty({ type: () => WaitStatsView })
  completed: WaitStatsView;
}

/** One group of a target's compliance (docs/metrics.md, "Compliance"). */
export class ComplianceGroupView {
  @ApiProperty({ example: 'all', description: 'The group: `all`, or the value of groupBy (2026-03, 2026-Q1, 751, 10-13, female, …)' })
  key: string;

  @ApiProperty(published('PublishedCount'))
  met: Count;

  @ApiProperty(published('PublishedCount'))
  breached: Count;

  @ApiProperty(published('PublishedCount'))
  overdue: Count;

  @ApiProperty(published('PublishedCount'))
  pending: Count;

  @ApiProperty(published('PublishedCount'))
  notApplicable: Count;

  @ApiProperty(rate('met / (met + breached + overdue), 3 decimals; null with no denominator or where hidden'))
  rate: number | null;

  @ApiProperty({ type: () => WaitStatsView, description: 'Waits that ended with the step held' })
  completed: WaitStatsView;

  @ApiProperty({ type: () => WaitStatsView, description: 'Waits still running (pending or overdue)' })
  open: WaitStatsView;

  @ApiProperty({ type: () => AdjustedComplianceView })
  adjusted: AdjustedComplianceView;

  @ApiPropertyOptional({
    type: 'boolean',
    enum: [true],
    description: 'Present below national level for an evaluator: the small-number rules applied',
  })
  suppressed?: true;
}

export class ComplianceTargetView {
  @ApiProperty({ example: 'pre_conversation_14d' })
  target: string;

  @ApiProperty()
  national: boolean;

  @ApiProperty({ type: () => [ComplianceGroupView] })
  groups: ComplianceGroupView[];
}

class ReportHeader {
  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'The cohort: first contacts from' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: '… to, inclusive' })
  to: string;

  @ApiProperty({ type: () => ReportScopeView })
  scope: ReportScopeView;

  @ApiProperty({ enum: GROUP_BY, enumName: 'GroupBy', nullable: true })
  groupBy: GroupBy | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Says when the small-number rules were applied' })
  suppression: string | null;
}

export class ComplianceReport extends ReportHeader {
  @ApiProperty({ format: 'date', example: '2026-07-14', description: 'The day the states were judged on (Danish local date)' })
  today: string;

  @ApiProperty({ type: () => [ComplianceTargetView], description: 'The national targets always; the municipality’s own for a manager' })
  targets: ComplianceTargetView[];
}

export class StepsReachedView {
  @ApiProperty(published('PublishedCount'))
  firstContact: Count;

  @ApiProperty(published('PublishedCount'))
  preConversation: Count;

  @ApiProperty(published('PublishedCount'))
  screening: Count;

  @ApiProperty(published('PublishedCount'))
  treatment: Count;

  @ApiProperty(published('PublishedCount', 'Closed as completed'))
  completed: Count;
}

export class ShareReachedView {
  @ApiProperty(rate('Share of first contacts'))
  preConversation: number | null;

  @ApiProperty(rate('Share of first contacts'))
  screening: number | null;

  @ApiProperty(rate('Share of first contacts'))
  treatment: number | null;

  @ApiProperty(rate('Share of first contacts'))
  completed: number | null;
}

/** Counts by a key that appears only when its count is above 0. */
function countsBy(keys: readonly string[], name: string) {
  const Counts = class {};
  ApiSchema({ name, description: 'Counts by key; a key appears only where its count is above 0' })(Counts);
  for (const key of keys) {
    // As TypeScript would record for a property typed `number | '<5'`.
    Reflect.defineMetadata('design:type', Object, Counts.prototype, key);
    ApiPropertyOptional(published('PublishedCount'))(Counts.prototype, key);
  }
  return Counts;
}

export const ClosureReasonCounts = countsBy(CLOSURE_REASONS, 'ClosureReasonCounts');
export const ReferralDestinationCounts = countsBy(REFERRAL_DESTINATIONS, 'ReferralDestinationCounts');

/** The waits between steps of the flow report (docs/metrics.md, "Flow"). */
export const FLOW_WAITS = [
  'firstContactToPreConversation',
  'preConversationToScreening',
  'firstContactToScreening',
  'screeningToFirstTreatment',
  'firstContactToFirstTreatment',
  'firstTreatmentToLastTreatment',
  'lastTreatmentToClosingConversation',
  'firstContactToClosure',
  'betweenTreatmentSessions',
] as const;

export class FlowWaitsView {}
for (const wait of FLOW_WAITS) ApiProperty({ type: () => WaitStatsView })(FlowWaitsView.prototype, wait);

export class FlowGroupView {
  @ApiProperty({ example: 'all' })
  key: string;

  @ApiProperty({ type: () => StepsReachedView })
  reached: StepsReachedView;

  @ApiProperty({ type: () => ShareReachedView })
  shareReached: ShareReachedView;

  @ApiProperty(published('PublishedCount'))
  closed: Count;

  @ApiProperty({ type: () => ClosureReasonCounts })
  closureReasons: Partial<Record<(typeof CLOSURE_REASONS)[number], Count>>;

  @ApiProperty({ type: () => ReferralDestinationCounts })
  referralDestinations: Partial<Record<(typeof REFERRAL_DESTINATIONS)[number], Count>>;

  @ApiProperty({ type: () => FlowWaitsView })
  waits: Record<(typeof FLOW_WAITS)[number], WaitStatsView>;
}

export class FlowReport extends ReportHeader {
  @ApiProperty({ type: () => [FlowGroupView] })
  groups: FlowGroupView[];
}
