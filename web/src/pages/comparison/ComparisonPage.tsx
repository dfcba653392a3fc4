import { queryOptions, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery, municipalitiesQuery } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { funnelChart } from '../../charts/options.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDate, formatNumber, formatPercent, todayInDenmark } from '../../format.js';
import { formatCount, formatShare } from '../../reports/figures.js';
import { ChartWithTable, Figure, FigureTable } from '../../reports/FigureTable.js';
import { halfYearsUntil } from '../../reports/period.js';
import { regionsOf } from '../../reports/scope.js';
import { da } from '../../texts.da.js';
import {
  byName,
  COMPARED_TARGETS,
  comparisonQuery,
  funnelPoints,
  positionCounts,
  positionLabel,
  POSITIONS,
  type ComparedTarget,
  type ComparisonReport,
  type ComparisonSearch,
} from './comparison.js';

const t = da.comparison;
const r = da.reports;

const comparisonReportQuery = (query: { target: ComparedTarget; period: string }) =>
  queryOptions({
    queryKey: ['comparison', query],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/reports/comparison', { params: { query } }))),
  });

/**
 * Sammenligning (managers: the municipalities of their region; evaluators: all): a funnel plot
 * of the municipalities' published compliance rates for a national target in a half-year
 * against the courses judged, around the national rate with 95 % and 99.8 % control limits
 * (the service computes them), and every figure in a table under it.
 */
export function ComparisonPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const search = useSearch({ from: '/app/sammenligning' });
  const navigate = useNavigate({ from: '/sammenligning' });
  const today = todayInDenmark();
  const query = comparisonQuery(search, today);
  const [draft, setDraft] = useState<ComparisonSearch>(search);
  const [draftFor, setDraftFor] = useState(search);
  if (draftFor !== search) {
    setDraftFor(search);
    setDraft(search);
  }
  const report = useQuery({ ...comparisonReportQuery(query), enabled: Boolean(me) });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: draft });
  };

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={onSubmit} data-testid="comparison-filters">
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="comparison-target">
            {t.target}
          </label>
          <select
            id="comparison-target"
            className="form-select"
            value={draft.target ?? query.target}
            onChange={(e) => setDraft({ ...draft, target: e.target.value as ComparedTarget })}
          >
            {COMPARED_TARGETS.map((target) => (
              <option key={target} value={target}>
                {da.values.target[target]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="comparison-period">
            {t.period}
          </label>
          <select
            id="comparison-period"
            className="form-select"
            value={draft.period ?? query.period}
            onChange={(e) => setDraft({ ...draft, period: e.target.value })}
          >
            {halfYearsUntil(today).map((h) => (
              <option key={h} value={h}>
                {da.values.halfYear(h)}
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
      {report.isPending ? <Loading /> : null}
      {report.isError ? (
        <LoadError
          message={problemMessage(report.error instanceof ApiError ? report.error.problem : { status: 0 })}
          retry={() => void report.refetch()}
        />
      ) : null}
      {report.data && me ? <Comparison report={report.data} mine={me.municipalities} manager={!me.roles.includes('evaluator')} /> : null}
    </>
  );
}

function Comparison({ report, mine, manager }: { report: ComparisonReport; mine: readonly string[]; manager: boolean }) {
  const { data: municipalities } = useQuery(municipalitiesQuery);
  const target = da.values.target[report.target] ?? report.target;
  const period = da.values.halfYear(report.period.label);
  const rows = useMemo(() => byName(report.municipalities), [report]);
  const counts = positionCounts(report.municipalities);
  const option = useMemo(
    () =>
      funnelChart({
        description: t.chart(target, period),
        points: funnelPoints(report.municipalities, mine).map((p) => ({
          name: p.name,
          n: p.judged,
          rate: p.rate,
          band: p.position === 'within' ? 0 : p.position.endsWith('99_8') ? 2 : 1,
          labelled: p.own,
        })),
        curve: report.funnel.map((f) => ({
          n: f.n,
          lower95: f.limits95.lower,
          upper95: f.limits95.upper,
          lower998: f.limits998.lower,
          upper998: f.limits998.upper,
        })),
        nationalRate: report.national.rate,
        names: { national: t.national, limits95: t.limits95, limits998: t.limits998, bands: t.bands },
        axisNames: { n: t.axisJudged, rate: t.axisRate },
        describePoint: (p) => t.point(p.name, formatPercent(p.rate), formatNumber(p.n)),
      }),
    [report, mine, target, period],
  );
  // Managers see their region(s): name them.
  const regionCodes = new Set(report.municipalities.map((m) => m.regionCode));
  const regionNames = regionsOf(municipalities?.items ?? [])
    .filter((region) => regionCodes.has(region.code))
    .map((region) => region.name);
  const id = (code: string, path: string) => `cmp|${code}|${path}`;

  return (
    <>
      <p role="status" data-testid="comparison-period">
        {target}, {period}: {formatDate(report.period.from)} – {formatDate(report.period.to)}. {r.computed(formatDate(report.today))}{' '}
        {manager && regionNames.length ? t.region(regionNames.join(', ')) : t.all}
      </p>
      <dl className="key-figures" data-testid="comparison-national">
        <div>
          <dt>{t.national}</dt>
          <dd className="key-figure">
            <Figure id={id('national', 'rate')}>{formatShare(report.national.rate)}</Figure>
          </dd>
        </div>
        <div>
          <dt>{t.nationalJudged}</dt>
          <dd className="key-figure">
            <Figure id={id('national', 'judged')}>{formatCount(report.national.judged)}</Figure>
          </dd>
        </div>
        <div>
          <dt>{t.summary}</dt>
          <dd>
            <ul className="nobullet-list" data-testid="comparison-positions">
              {POSITIONS.filter((p) => counts[p]).map((p) => (
                <li key={p}>
                  {t.positions[p]}: {counts[p]}
                </li>
              ))}
              {counts.hidden ? (
                <li>
                  {t.notPlacedSummary}: {counts.hidden}
                </li>
              ) : null}
            </ul>
          </dd>
        </div>
      </dl>
      <div className="alert alert-info" data-testid="suppression">
        <div className="alert-body">
          <p className="alert-text">
            {t.published} {manager ? t.ownExact : null}
          </p>
        </div>
      </div>
      <p className="form-hint">{t.method}</p>
      <p className="form-hint">{r.noFigure}</p>
      <section className="report-section" aria-labelledby="comparison-funnel">
        <h2 id="comparison-funnel" className="h3">
          {t.title}: {target}
        </h2>
        <ChartWithTable
          option={option}
          height={460}
          testId="comparison-chart"
          stacked
          table={
            <FigureTable
              caption={t.table}
              testId="comparison-table"
              columns={[
                t.columns.municipality,
                t.columns.judged,
                t.columns.rate,
                t.columns.limits95,
                t.columns.limits998,
                t.columns.position,
              ]}
              rows={rows.map((m) => ({
                key: m.code,
                header: mine.includes(m.code) ? `${m.name} (${t.mine})` : m.name,
                cells: [
                  <Figure key="n" id={id(m.code, 'judged')}>
                    {formatCount(m.judged)}
                  </Figure>,
                  <Figure key="r" id={id(m.code, 'rate')}>
                    {typeof m.rate === 'string' ? m.rate : formatShare(m.rate)}
                  </Figure>,
                  m.limits ? (
                    <span key="l95">
                      <Figure id={id(m.code, 'limits.limits95.lower')}>{formatShare(m.limits.limits95.lower)}</Figure>–
                      <Figure id={id(m.code, 'limits.limits95.upper')}>{formatShare(m.limits.limits95.upper)}</Figure>
                    </span>
                  ) : (
                    '–'
                  ),
                  m.limits ? (
                    <span key="l998">
                      <Figure id={id(m.code, 'limits.limits998.lower')}>{formatShare(m.limits.limits998.lower)}</Figure>–
                      <Figure id={id(m.code, 'limits.limits998.upper')}>{formatShare(m.limits.limits998.upper)}</Figure>
                    </span>
                  ) : (
                    '–'
                  ),
                  <span key="p" className="figure-words" data-position={m.position ?? 'none'}>
                    {positionLabel(m.position)}
                  </span>,
                ],
              }))}
            />
          }
        />
      </section>
    </>
  );
}
