import { useQueries, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { lineChart } from '../../charts/options.js';
import { downloadText } from '../../components/download.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { useToast } from '../../components/Toasts.js';
import { formatDate, formatNumber, todayInDenmark } from '../../format.js';
import { formatCount, formatDays, formatShare, NO_FIGURE } from '../../reports/figures.js';
import { ChartWithTable, Figure, FigureTable } from '../../reports/FigureTable.js';
import { monthsBetween } from '../../reports/period.js';
import { complianceCsv, complianceReportQuery, serviceTargetsQuery } from '../../reports/queries.js';
import { da } from '../../texts.da.js';
import {
  COMPLIANCE_GROUP_BYS,
  complianceQuery,
  compliancePeriod,
  fileNameFrom,
  figureAt,
  GROUP_FIGURES,
  groupLabel,
  monthlyGroups,
  monthlyLimits,
  sortGroups,
  targetLabel,
  type ComplianceGroup,
  type ComplianceGroupBy,
  type ComplianceSearch,
  type ComplianceTarget,
  type ServiceTargets,
} from './compliance.js';

const t = da.compliance;
const r = da.reports;
const s = da.values.targetState;

/** One figure of a group, as the page writes it. */
function show(group: ComplianceGroup | undefined, path: string, kind: 'count' | 'share' | 'days'): string {
  if (!group) return kind === 'count' ? '0' : NO_FIGURE;
  const value = figureAt(group, path);
  if (kind === 'count') return formatCount(value as number | '<5');
  return kind === 'share' ? formatShare(value as number | null) : formatDays(value as number | null);
}

/**
 * Servicemål (managers): per target the compliance rate, the counts by state and the waits,
 * raw beside adjusted, for the cohort of first contacts in the period; a monthly series of the
 * waits against the target's limit; the same figures by a grouping; the service's own CSV.
 * Filters live in the URL.
 */
export function CompliancePage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const toast = useToast();
  const search = useSearch({ from: '/app/servicemaal' });
  const navigate = useNavigate({ from: '/servicemaal' });
  const today = todayInDenmark();
  const mine = useMemo(() => me?.municipalities ?? [], [me]);
  const period = compliancePeriod(search, today);
  const [draft, setDraft] = useState<ComplianceSearch>(search);
  const [draftFor, setDraftFor] = useState(search);
  if (draftFor !== search) {
    setDraftFor(search);
    setDraft(search);
  }

  const validPeriod = period.from <= period.to;
  const scope = search.municipality && mine.includes(search.municipality) ? [search.municipality] : mine;
  const all = useQuery({ ...complianceReportQuery(complianceQuery(search, today, mine)), enabled: validPeriod && mine.length > 0 });
  const monthly = useQuery({
    ...complianceReportQuery(complianceQuery(search, today, mine, 'month')),
    enabled: validPeriod && mine.length > 0,
  });
  const grouped = useQuery({
    ...complianceReportQuery(complianceQuery(search, today, mine, search.groupBy)),
    enabled: validPeriod && mine.length > 0 && Boolean(search.groupBy),
  });
  const targetConfigs = useQueries({ queries: scope.map((code) => serviceTargetsQuery(code)) });
  const configs = targetConfigs.map((q) => q.data).filter((d): d is ServiceTargets => Boolean(d));
  const months = useMemo(() => monthsBetween(period.from, period.to), [period.from, period.to]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: draft });
  };
  const download = async () => {
    try {
      const query = complianceQuery(search, today, mine, search.groupBy);
      const csv = await complianceCsv(query);
      downloadText(fileNameFrom(csv.fileName, `servicemaal-${query.from}-${query.to}.csv`), csv.text);
    } catch (error) {
      toast({ variant: 'error', heading: problemMessage(error instanceof ApiError ? error.problem : { status: 0 }) });
    }
  };
  const failed = [all, monthly, grouped].find((q) => q.isError);

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={onSubmit} data-testid="compliance-filters">
        <div className="form-group col-12 col-md-6 col-xl-3">
          <label className="form-label" htmlFor="compliance-from">
            {r.from}
          </label>
          <input
            id="compliance-from"
            type="date"
            className="form-input"
            min="2024-01-01"
            value={draft.from ?? period.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
          />
        </div>
        <div className="form-group col-12 col-md-6 col-xl-3">
          <label className="form-label" htmlFor="compliance-to">
            {r.to}
          </label>
          <input
            id="compliance-to"
            type="date"
            className="form-input"
            value={draft.to ?? period.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
          />
        </div>
        {mine.length > 1 ? (
          <div className="form-group col-12 col-md-6 col-xl-3">
            <label className="form-label" htmlFor="compliance-municipality">
              {r.municipality}
            </label>
            <select
              id="compliance-municipality"
              className="form-select"
              value={draft.municipality ?? ''}
              onChange={(e) => setDraft({ ...draft, municipality: e.target.value || undefined })}
            >
              <option value="">{r.allMine}</option>
              {mine.map((code) => (
                <option key={code} value={code}>
                  {names[code] ?? da.app.municipalityUnknown(code)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="form-group col-12 col-md-6 col-xl-3">
          <label className="form-label" htmlFor="compliance-group-by">
            {t.groupBy}
          </label>
          <select
            id="compliance-group-by"
            className="form-select"
            value={draft.groupBy ?? ''}
            onChange={(e) => setDraft({ ...draft, groupBy: (e.target.value || undefined) as ComplianceGroupBy | undefined })}
          >
            <option value="">{t.groupNone}</option>
            {COMPLIANCE_GROUP_BYS.filter((g) => g !== 'municipality' || mine.length > 1).map((g) => (
              <option key={g} value={g}>
                {t.groupBys[g]}
              </option>
            ))}
          </select>
        </div>
        <div className="col-12">
          <button type="submit" className="button button-primary">
            {r.show}
          </button>
        </div>
      </form>

      {!validPeriod ? <LoadError message={r.invalidPeriod} /> : null}
      {validPeriod && (all.isPending || monthly.isPending) ? <Loading /> : null}
      {failed ? (
        <LoadError
          message={problemMessage(failed.error instanceof ApiError ? failed.error.problem : { status: 0 })}
          retry={() => void failed.refetch()}
        />
      ) : null}
      {all.data ? (
        <>
          <div className="worklist-summary">
            <p role="status" data-testid="compliance-cohort">
              {r.cohort(formatDate(all.data.from), formatDate(all.data.to))} {r.computed(formatDate(all.data.today))}
            </p>
            <button type="button" className="button button-secondary" onClick={() => void download()}>
              {t.download}
            </button>
          </div>
          <p className="form-hint">
            {t.rateHint} {r.noFigure}
          </p>
          {all.data.targets.length ? null : <p>{t.empty}</p>}
          {all.data.targets.map((target) => (
            <TargetSection
              key={target.target}
              target={target}
              label={targetLabel(target.target, configs)}
              months={months}
              monthly={monthly.data?.targets.find((m) => m.target === target.target)}
              limits={monthlyLimits(target.target, months, configs)}
              grouped={search.groupBy ? grouped.data?.targets.find((g) => g.target === target.target) : undefined}
              groupBy={search.groupBy}
              names={names}
            />
          ))}
        </>
      ) : null}
    </>
  );
}

function TargetSection({
  target,
  label,
  months,
  monthly,
  limits,
  grouped,
  groupBy,
  names,
}: {
  target: ComplianceTarget;
  label: string;
  months: string[];
  monthly: ComplianceTarget | undefined;
  limits: (number | null)[];
  grouped: ComplianceTarget | undefined;
  groupBy: ComplianceGroupBy | undefined;
  names: Record<string, string>;
}) {
  const group = target.groups.find((g) => g.key === 'all') ?? target.groups[0];
  const id = `all|${target.target}|${group?.key ?? 'all'}`;
  const f = (path: string, kind: 'count' | 'share' | 'days') => <Figure id={`${id}|${path}`}>{show(group, path, kind)}</Figure>;
  const monthGroups = monthlyGroups(monthly, months);
  const monthLabels = months.map((m) => groupLabel('month', m, names));
  // The limits arrive as a new array on every render; their text keeps the chart from being redrawn for nothing.
  const limitsKey = limits.join(',');
  const option = useMemo(
    () =>
      lineChart({
        description: t.monthlyChart(label),
        categories: months.map((m) => groupLabel('month', m, {})),
        format: 'days',
        axisName: r.days,
        lines: [
          { name: t.medianLine, values: monthlyGroups(monthly, months).map((g) => (g ? g.completed.median : null)) },
          { name: t.p90Line, values: monthlyGroups(monthly, months).map((g) => (g ? g.completed.p90 : null)) },
          { name: t.limitLine, values: limitsKey.split(',').map((v) => (v === '' ? null : Number(v))), kind: 'limit' },
        ],
      }),
    [label, monthly, months, limitsKey],
  );
  const headingId = `target-${target.target}`;

  return (
    <section className="report-section" aria-labelledby={headingId} data-testid={`target-${target.target}`}>
      <h2 id={headingId} className="h3">
        {label} <span className="badge badge-small badge-info weight-normal">{target.national ? t.national : t.municipal}</span>
      </h2>
      <dl className="key-figures">
        <div>
          <dt>{t.rate}</dt>
          <dd className="key-figure">{f('rate', 'share')}</dd>
        </div>
        <div>
          <dt>{t.adjustedRate}</dt>
          <dd className="key-figure key-figure-secondary">{f('adjusted.rate', 'share')}</dd>
        </div>
      </dl>
      <div className="row">
        <div className="col-12 col-xl-5">
          <h3 className="h4">{t.states}</h3>
          <FigureTable
            caption={`${label}: ${t.states}`}
            columns={[t.state, t.raw, t.adjusted]}
            rows={[
              { key: 'met', header: s.met, cells: [f('met', 'count'), f('adjusted.met', 'count')] },
              { key: 'breached', header: s.breached, cells: [f('breached', 'count'), f('adjusted.breached', 'count')] },
              { key: 'overdue', header: s.overdue, cells: [f('overdue', 'count'), f('adjusted.overdue', 'count')] },
              { key: 'pending', header: s.pending, cells: [f('pending', 'count'), NO_FIGURE] },
              { key: 'notApplicable', header: s.not_applicable, cells: [f('notApplicable', 'count'), NO_FIGURE] },
            ]}
            footer={{ key: 'rate', header: t.rate, cells: [f('rate', 'share'), f('adjusted.rate', 'share')] }}
          />
        </div>
        <div className="col-12 col-xl-7">
          <h3 className="h4">{t.waits}</h3>
          <FigureTable
            caption={`${label}: ${t.waits}`}
            columns={['', r.count, r.median, r.p90]}
            rows={[
              {
                key: 'completed',
                header: t.completedWaits,
                cells: [f('completed.n', 'count'), f('completed.median', 'days'), f('completed.p90', 'days')],
              },
              {
                key: 'adjusted',
                header: t.adjustedCompletedWaits,
                cells: [f('adjusted.completed.n', 'count'), f('adjusted.completed.median', 'days'), f('adjusted.completed.p90', 'days')],
              },
              { key: 'open', header: t.openWaits, cells: [f('open.n', 'count'), f('open.median', 'days'), f('open.p90', 'days')] },
            ]}
          />
        </div>
      </div>

      <ChartWithTable
        title={t.monthly}
        option={option}
        stacked
        testId={`monthly-${target.target}`}
        table={
          <FigureTable
            caption={`${label}: ${t.monthly}`}
            columns={[t.month, t.rate, t.adjustedRate, r.count, r.median, r.p90, t.limit]}
            rows={months.map((month, i) => {
              const g = monthGroups[i];
              const m = (path: string, kind: 'count' | 'share' | 'days') => (
                <Figure id={`month|${target.target}|${month}|${path}`}>{show(g, path, kind)}</Figure>
              );
              return {
                key: month,
                header: monthLabels[i],
                cells: [
                  m('rate', 'share'),
                  m('adjusted.rate', 'share'),
                  m('completed.n', 'count'),
                  m('completed.median', 'days'),
                  m('completed.p90', 'days'),
                  limits[i] === null ? NO_FIGURE : formatNumber(limits[i]),
                ],
              };
            })}
          />
        }
      />

      {groupBy && grouped ? <GroupedTable target={grouped} label={label} groupBy={groupBy} names={names} /> : null}
    </section>
  );
}

/** Every figure by group: one row per group the API returned. */
function GroupedTable({
  target,
  label,
  groupBy,
  names,
}: {
  target: ComplianceTarget;
  label: string;
  groupBy: ComplianceGroupBy;
  names: Record<string, string>;
}) {
  const title = t.groups(t.groupBys[groupBy]);
  return (
    <section aria-label={`${label}: ${title}`} data-testid={`grouped-${target.target}`}>
      <h3 className="h4">{title}</h3>
      <FigureTable
        caption={`${label}: ${title}`}
        groups={[
          { label: '', span: 1 },
          { label: t.rate, span: 2 },
          { label: t.raw, span: 5 },
          { label: t.adjusted, span: 3 },
          { label: t.completedWaits, span: 3 },
          { label: t.adjustedCompletedWaits, span: 3 },
          { label: t.openWaits, span: 3 },
        ]}
        columns={[
          t.group,
          t.raw,
          t.adjusted,
          s.met,
          s.breached,
          s.overdue,
          s.pending,
          s.not_applicable,
          s.met,
          s.breached,
          s.overdue,
          r.count,
          r.median,
          r.p90,
          r.count,
          r.median,
          r.p90,
          r.count,
          r.median,
          r.p90,
        ]}
        rows={sortGroups(groupBy, target.groups).map((g) => ({
          key: g.key,
          header: groupLabel(groupBy, g.key, names),
          cells: GROUP_FIGURES.map(({ path, kind }) => (
            <Figure key={path} id={`grouped|${target.target}|${g.key}|${path}`}>
              {show(g, path, kind)}
            </Figure>
          )),
        }))}
      />
    </section>
  );
}
