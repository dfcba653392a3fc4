import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { barChart, barChartHeight } from '../../charts/options.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDate, formatNumber, todayInDenmark } from '../../format.js';
import { chartCount, formatCount, formatDays, formatShare, NO_FIGURE, type PublishedCount } from '../../reports/figures.js';
import { ChartWithTable, Figure, FigureTable } from '../../reports/FigureTable.js';
import { defaultPeriod, halfYearBounds, halfYearsUntil } from '../../reports/period.js';
import { flowReportQuery } from '../../reports/queries.js';
import { ScopeSelect } from '../../reports/ScopeSelect.js';
import { da } from '../../texts.da.js';
import {
  byHalfYear,
  CLOSURE_REASONS,
  dropOffs,
  flowHalfYear,
  flowQuery,
  REFERRAL_DESTINATIONS,
  STEPS,
  WAITS,
  type FlowGroup,
  type FlowSearch,
} from './flow.js';

const t = da.flow;
const r = da.reports;

/**
 * Flow (managers and evaluators): how far the cohort got, step by step, with the drop-off
 * between steps; why courses were closed; where children were referred; and the waits
 * between steps, from first contact to closure and between treatment sessions.
 */
export function FlowPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const search = useSearch({ from: '/app/flow' });
  const navigate = useNavigate({ from: '/flow' });
  const today = todayInDenmark();
  const evaluator = Boolean(me?.roles.includes('evaluator'));
  const mine = useMemo(() => me?.municipalities ?? [], [me]);
  const query = flowQuery(search, today, evaluator, mine);
  const [draft, setDraft] = useState<FlowSearch>(search);
  const [draftFor, setDraftFor] = useState(search);
  if (draftFor !== search) {
    setDraftFor(search);
    setDraft(search);
  }
  const validPeriod = query.from <= query.to;
  const report = useQuery({ ...flowReportQuery(query), enabled: Boolean(me) && validPeriod });
  const fallback = defaultPeriod(today);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: draft });
  };
  const group = report.data?.groups[0];

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={onSubmit} data-testid="flow-filters">
        {byHalfYear(draft, evaluator) ? (
          <div className="form-group col-12 col-md-6 col-xl-3">
            <label className="form-label" htmlFor="flow-period">
              {t.halfYear}
            </label>
            <span className="form-hint" id="flow-period-hint">
              {t.halfYearHint}
            </span>
            <select
              id="flow-period"
              className="form-select"
              aria-describedby="flow-period-hint"
              value={flowHalfYear(draft, today)}
              onChange={(e) => setDraft({ ...draft, ...halfYearBounds(e.target.value) })}
            >
              {halfYearsUntil(today).map((h) => (
                <option key={h} value={h}>
                  {da.values.halfYear(h)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <>
            <div className="form-group col-12 col-md-6 col-xl-3">
              <label className="form-label" htmlFor="flow-from">
                {r.from}
              </label>
              <input
                id="flow-from"
                type="date"
                className="form-input"
                min="2024-01-01"
                value={draft.from ?? fallback.from}
                onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
              />
            </div>
            <div className="form-group col-12 col-md-6 col-xl-3">
              <label className="form-label" htmlFor="flow-to">
                {r.to}
              </label>
              <input
                id="flow-to"
                type="date"
                className="form-input"
                value={draft.to ?? fallback.to}
                onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
              />
            </div>
          </>
        )}
        <ScopeSelect
          id="flow-scope"
          value={draft}
          evaluator={evaluator}
          mine={mine}
          onChange={(scope) => setDraft({ from: draft.from, to: draft.to, ...scope })}
        />
        <div className="col-12">
          <button type="submit" className="button button-primary">
            {r.show}
          </button>
        </div>
      </form>

      {!validPeriod ? <LoadError message={r.invalidPeriod} /> : null}
      {validPeriod && report.isPending ? <Loading /> : null}
      {report.isError ? (
        <LoadError
          message={problemMessage(report.error instanceof ApiError ? report.error.problem : { status: 0 })}
          retry={() => void report.refetch()}
        />
      ) : null}
      {report.data && group ? (
        <>
          <p role="status" data-testid="flow-cohort">
            {r.cohort(formatDate(report.data.from), formatDate(report.data.to))}
          </p>
          {report.data.suppression ? (
            <div className="alert alert-info" data-testid="suppression">
              <div className="alert-body">
                <p className="alert-text">{r.suppressed}</p>
              </div>
            </div>
          ) : null}
          <p className="form-hint">{r.noFigure}</p>
          <FlowFigures group={group} />
        </>
      ) : null}
    </>
  );
}

function FlowFigures({ group }: { group: FlowGroup }) {
  const id = (path: string) => `flow|${group.key}|${path}`;
  const count = (path: string, value: PublishedCount | undefined) => <Figure id={id(path)}>{formatCount(value)}</Figure>;
  const drops = dropOffs(group);
  const options = useMemo(
    () => ({
      funnel: barChart({
        description: t.funnelChart,
        categories: STEPS.map((s) => t.steps[s]),
        series: [{ name: r.count, values: STEPS.map((s) => chartCount(group.reached[s])) }],
        format: 'count',
        horizontal: true,
      }),
      closure: barChart({
        description: t.closureChart,
        categories: CLOSURE_REASONS.map((c) => da.values.closureReason[c]),
        series: [{ name: r.count, values: CLOSURE_REASONS.map((c) => chartCount(group.closureReasons[c])) }],
        format: 'count',
        horizontal: true,
      }),
      referrals: barChart({
        description: t.referralsChart,
        categories: REFERRAL_DESTINATIONS.map((d) => da.values.referralDestination[d]),
        series: [{ name: r.count, values: REFERRAL_DESTINATIONS.map((d) => chartCount(group.referralDestinations[d])) }],
        format: 'count',
        horizontal: true,
      }),
      waits: barChart({
        description: t.waitsChart,
        categories: WAITS.map((w) => t.waitNames[w]),
        series: [
          { name: r.median, values: WAITS.map((w) => group.waits[w].median) },
          { name: r.p90, values: WAITS.map((w) => group.waits[w].p90) },
        ],
        format: 'days',
        horizontal: true,
        axisName: r.days,
      }),
    }),
    [group],
  );

  return (
    <>
      <section className="report-section" aria-labelledby="flow-funnel">
        <h2 id="flow-funnel" className="h3">
          {t.funnel}
        </h2>
        <ChartWithTable
          option={options.funnel}
          height={barChartHeight(STEPS.length)}
          testId="flow-funnel-chart"
          note={t.dropOffHint}
          table={
            <FigureTable
              caption={t.funnel}
              columns={[t.step, r.count, t.share, t.dropOff]}
              testId="flow-funnel-table"
              rows={STEPS.map((step, i) => ({
                key: step,
                header: t.steps[step],
                cells: [
                  count(`reached.${step}`, group.reached[step]),
                  step === 'firstContact' ? (
                    NO_FIGURE
                  ) : (
                    <Figure id={id(`shareReached.${step}`)}>{formatShare(group.shareReached[step])}</Figure>
                  ),
                  drops[i] === null ? NO_FIGURE : t.points(formatNumber(drops[i])),
                ],
              }))}
            />
          }
        />
      </section>

      <section className="report-section" aria-labelledby="flow-closure">
        <h2 id="flow-closure" className="h3">
          {t.closure}
        </h2>
        <ChartWithTable
          option={options.closure}
          height={barChartHeight(CLOSURE_REASONS.length)}
          testId="flow-closure-chart"
          table={
            <FigureTable
              caption={t.closure}
              columns={[t.reason, r.count]}
              testId="flow-closure-table"
              rows={CLOSURE_REASONS.map((c) => ({
                key: c,
                header: da.values.closureReason[c],
                cells: [count(`closureReasons.${c}`, group.closureReasons[c])],
              }))}
              footer={{ key: 'closed', header: t.closedTotal, cells: [count('closed', group.closed)] }}
            />
          }
        />
      </section>

      <section className="report-section" aria-labelledby="flow-referrals">
        <h2 id="flow-referrals" className="h3">
          {t.referrals}
        </h2>
        <ChartWithTable
          option={options.referrals}
          height={barChartHeight(REFERRAL_DESTINATIONS.length)}
          testId="flow-referrals-chart"
          note={t.referralsNote}
          table={
            <FigureTable
              caption={t.referrals}
              columns={[t.destination, r.count]}
              testId="flow-referrals-table"
              rows={REFERRAL_DESTINATIONS.map((d) => ({
                key: d,
                header: da.values.referralDestination[d],
                cells: [count(`referralDestinations.${d}`, group.referralDestinations[d])],
              }))}
            />
          }
        />
      </section>

      <section className="report-section" aria-labelledby="flow-waits">
        <h2 id="flow-waits" className="h3">
          {t.waits}
        </h2>
        <ChartWithTable
          option={options.waits}
          height={barChartHeight(WAITS.length, 2)}
          testId="flow-waits-chart"
          note={t.waitsNote}
          stacked
          table={
            <FigureTable
              caption={t.waits}
              columns={[t.wait, r.count, r.median, r.p90]}
              testId="flow-waits-table"
              rows={WAITS.map((w) => ({
                key: w,
                header: t.waitNames[w],
                cells: [
                  count(`waits.${w}.n`, group.waits[w].n),
                  <Figure key="median" id={id(`waits.${w}.median`)}>
                    {formatDays(group.waits[w].median)}
                  </Figure>,
                  <Figure key="p90" id={id(`waits.${w}.p90`)}>
                    {formatDays(group.waits[w].p90)}
                  </Figure>,
                ],
              }))}
            />
          }
        />
      </section>
    </>
  );
}
