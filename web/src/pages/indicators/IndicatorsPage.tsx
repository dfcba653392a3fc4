import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery, municipalitiesQuery } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { barChart, barChartHeight } from '../../charts/options.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDate, formatNumber, todayInDenmark } from '../../format.js';
import { chartFigure, formatChange, formatFigure, formatRelativeChange, NO_FIGURE } from '../../reports/figures.js';
import { ChartWithTable, Figure, FigureTable } from '../../reports/FigureTable.js';
import { halfYearsUntil, lastCompleteHalfYear } from '../../reports/period.js';
import { regionsOf } from '../../reports/scope.js';
import { da } from '../../texts.da.js';
import {
  ALL_INDICATOR_KEYS,
  CELLS,
  cellLabel,
  cellOf,
  figureOf,
  indicatorKind,
  indicatorLabel,
  indicatorsQuery,
  LEVELS,
  type CellKey,
  type IndicatorArea,
  type IndicatorKey,
  type IndicatorsSearch,
  type Level,
} from './indicators.js';

const t = da.indicators;
const r = da.reports;

/** Above this many areas the chart shows the values only (a bar each), not the baselines beside them. */
const MANY_AREAS = 20;

/**
 * Indikatorer (managers: their municipalities; evaluators: every level): the monitoring
 * indicators of a half-year against the baseline, one indicator across the areas, and every
 * indicator of one area and cell (everyone, an age group, a sex).
 */
export function IndicatorsPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const { data: municipalities } = useQuery(municipalitiesQuery);
  const search = useSearch({ from: '/app/indikatorer' });
  const navigate = useNavigate({ from: '/indikatorer' });
  const today = todayInDenmark();
  const evaluator = Boolean(me?.roles.includes('evaluator'));
  const query = indicatorsQuery(search, today, evaluator);
  const [draft, setDraft] = useState<IndicatorsSearch>(search);
  const [draftFor, setDraftFor] = useState(search);
  if (draftFor !== search) {
    setDraftFor(search);
    setDraft(search);
  }
  const report = useQuery({
    queryKey: ['indicators', query],
    enabled: Boolean(me),
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/indicators', { params: { query } }))),
  });
  const indicator: IndicatorKey = search.indicator ?? 'firstContactsPer100kCitizens';
  const kind = indicatorKind(indicator);
  const areas = useMemo(() => report.data?.areas ?? [], [report.data]);
  const area = areas.find((a) => a.code === search.area) ?? areas[0];
  const cell: CellKey = search.cell ?? 'all';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: draft });
  };
  const draftLevel = draft.level ?? 'national';
  const option = useMemo(() => {
    const many = areas.length > MANY_AREAS;
    return barChart({
      description: t.chart(indicatorLabel(indicator)),
      categories: areas.map((a) => a.name),
      series: [
        { name: t.value, values: areas.map((a) => chartFigure(figureOf(a.all, indicator).value)) },
        ...(many ? [] : [{ name: t.baseline, values: areas.map((a) => chartFigure(figureOf(a.all, indicator).baseline)) }]),
      ],
      format: kind === 'share' ? 'share' : kind === 'days' ? 'days' : 'count',
      horizontal: true,
    });
  }, [areas, indicator, kind]);

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={onSubmit} data-testid="indicators-filters">
        <div className="form-group col-12 col-md-6 col-xl-3">
          <label className="form-label" htmlFor="indicators-period">
            {t.period}
          </label>
          <select
            id="indicators-period"
            className="form-select"
            value={draft.period ?? lastCompleteHalfYear(today)}
            onChange={(e) => setDraft({ ...draft, period: e.target.value })}
          >
            {halfYearsUntil(today).map((h) => (
              <option key={h} value={h}>
                {da.values.halfYear(h)}
              </option>
            ))}
          </select>
        </div>
        {evaluator ? (
          <>
            <div className="form-group col-12 col-md-6 col-xl-3">
              <label className="form-label" htmlFor="indicators-level">
                {t.level}
              </label>
              <select
                id="indicators-level"
                className="form-select"
                value={draftLevel}
                onChange={(e) => setDraft({ ...draft, level: e.target.value as Level, area: undefined })}
              >
                {LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t.levels[level]}
                  </option>
                ))}
              </select>
            </div>
            {draftLevel !== 'national' ? (
              <div className="form-group col-12 col-md-6 col-xl-3">
                <label className="form-label" htmlFor="indicators-region">
                  {t.region}
                </label>
                <select
                  id="indicators-region"
                  className="form-select"
                  value={draft.region ?? ''}
                  onChange={(e) => setDraft({ ...draft, region: e.target.value || undefined, area: undefined })}
                >
                  <option value="">{t.allRegions}</option>
                  {regionsOf(municipalities?.items ?? []).map((region) => (
                    <option key={region.code} value={region.code}>
                      {region.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </>
        ) : null}
        {/* Wider than the others: the indicators' names are long ("Henvendelser pr. 100.000 børn (5–17 år)"). */}
        <div className="form-group col-12 col-md-6 col-xl-6">
          <label className="form-label" htmlFor="indicators-indicator">
            {t.indicator}
          </label>
          <select
            id="indicators-indicator"
            className="form-select"
            value={draft.indicator ?? indicator}
            onChange={(e) => setDraft({ ...draft, indicator: e.target.value as IndicatorKey })}
          >
            {ALL_INDICATOR_KEYS.map((key) => (
              <option key={key} value={key}>
                {indicatorLabel(key)}
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
      {report.data ? (
        <>
          <p role="status" data-testid="indicators-period">
            {da.values.halfYear(report.data.period.label)}: {formatDate(report.data.period.from)} – {formatDate(report.data.period.to)}.{' '}
            {r.computed(formatDate(report.data.today))}
          </p>
          {report.data.period.complete ? null : <p className="form-hint">{t.incomplete}</p>}
          <p data-testid="indicators-baseline">
            {report.data.baseline
              ? t.baselineIs(
                  da.values.halfYear(report.data.baseline.from),
                  da.values.halfYear(report.data.baseline.to),
                  report.data.baseline.scale,
                )
              : t.noBaseline}
          </p>
          {report.data.suppression ? (
            <div className="alert alert-info" data-testid="suppression">
              <div className="alert-body">
                <p className="alert-text">
                  {r.suppressed} {t.hidden}
                </p>
              </div>
            </div>
          ) : null}
          <p className="form-hint">{r.noFigure}</p>
          {areas.length ? (
            <>
              <section className="report-section" aria-labelledby="indicators-by-area">
                <h2 id="indicators-by-area" className="h3">
                  {t.byArea(indicatorLabel(indicator))}
                </h2>
                <ChartWithTable
                  option={option}
                  height={barChartHeight(areas.length, areas.length > MANY_AREAS ? 1 : 2)}
                  testId="indicators-chart"
                  // Six columns do not fit beside a chart: the table goes under it.
                  stacked
                  table={
                    <FigureTable
                      caption={t.byArea(indicatorLabel(indicator))}
                      columns={[t.area, t.value, t.baseline, t.change, t.relativeChange, t.citizens]}
                      testId="indicators-by-area-table"
                      rows={areas.map((a) => {
                        const f = figureOf(a.all, indicator);
                        const id = `ind|${a.code}|all|${indicator}`;
                        return {
                          key: a.code,
                          header: a.name,
                          cells: [
                            <Figure key="v" id={`${id}|value`}>
                              {formatFigure(f.value, kind)}
                            </Figure>,
                            <Figure key="b" id={`${id}|baseline`}>
                              {formatFigure(f.baseline, kind)}
                            </Figure>,
                            <Figure key="a" id={`${id}|change.absolute`}>
                              {formatChange(f.change.absolute, kind)}
                            </Figure>,
                            <Figure key="r" id={`${id}|change.relative`}>
                              {formatRelativeChange(f.change.relative)}
                            </Figure>,
                            a.population.citizens === null ? NO_FIGURE : formatNumber(a.population.citizens),
                          ],
                        };
                      })}
                    />
                  }
                />
              </section>
              {area ? (
                <AreaDetail
                  area={area}
                  areas={areas}
                  cell={cell}
                  onArea={(code) => void navigate({ search: (prev) => ({ ...prev, area: code }) })}
                  onCell={(c) => void navigate({ search: (prev) => ({ ...prev, cell: c === 'all' ? undefined : c }) })}
                />
              ) : null}
            </>
          ) : (
            <p>{t.empty}</p>
          )}
        </>
      ) : null}
    </>
  );
}

function AreaDetail({
  area,
  areas,
  cell,
  onArea,
  onCell,
}: {
  area: IndicatorArea;
  areas: IndicatorArea[];
  cell: CellKey;
  onArea: (code: string) => void;
  onCell: (cell: CellKey) => void;
}) {
  const values = cellOf(area, cell);
  const title = `${t.allIndicators(area.name)} · ${cellLabel(cell)}`;
  return (
    <section className="report-section" aria-labelledby="indicators-area" data-testid="indicators-area">
      <h2 id="indicators-area" className="h3">
        {title}
      </h2>
      <div className="row">
        {areas.length > 1 ? (
          <div className="form-group col-12 col-md-6">
            <label className="form-label" htmlFor="indicators-area-select">
              {t.area}
            </label>
            <select id="indicators-area-select" className="form-select" value={area.code} onChange={(e) => onArea(e.target.value)}>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="form-group col-12 col-md-6">
          <label className="form-label" htmlFor="indicators-cell">
            {t.cell}
          </label>
          <select id="indicators-cell" className="form-select" value={cell} onChange={(e) => onCell(e.target.value as CellKey)}>
            {CELLS.map((c) => (
              <option key={c} value={c}>
                {cellLabel(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="form-hint">
        {t.populationYear(area.population.year)}: {t.citizens}{' '}
        {area.population.citizens === null ? NO_FIGURE : formatNumber(area.population.citizens)}
        {area.population.citizensSource ? ` (${t.citizensSource[area.population.citizensSource]})` : ''}, {t.children}{' '}
        {area.population.children5to17 === null ? NO_FIGURE : formatNumber(area.population.children5to17)}.
      </p>
      <FigureTable
        caption={title}
        columns={[t.indicator, t.value, t.baseline, t.change, t.relativeChange]}
        testId="indicators-area-table"
        rows={ALL_INDICATOR_KEYS.map((key) => {
          const f = figureOf(values, key);
          const kind = indicatorKind(key);
          const id = `ind|${area.code}|${cell}|${key}`;
          return {
            key,
            header: indicatorLabel(key),
            cells: [
              <Figure key="v" id={`${id}|value`}>
                {formatFigure(f.value, kind)}
              </Figure>,
              <Figure key="b" id={`${id}|baseline`}>
                {formatFigure(f.baseline, kind)}
              </Figure>,
              <Figure key="a" id={`${id}|change.absolute`}>
                {formatChange(f.change.absolute, kind)}
              </Figure>,
              <Figure key="r" id={`${id}|change.relative`}>
                {formatRelativeChange(f.change.relative)}
              </Figure>,
            ],
          };
        })}
      />
    </section>
  );
}
