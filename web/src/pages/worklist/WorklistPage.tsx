import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { downloadText } from '../../components/download.js';
import { Flags } from '../../components/Flags.js';
import { ResponsibleChips } from '../../components/Responsible.js';
import { responsibleName, type ResponsibleFilter } from '../../components/responsible-filter.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDate, formatShortDate } from '../../format.js';
import { da } from '../../texts.da.js';
import { worklistMunicipality, worklistQuery } from './worklist.query.js';
import { CHIP_FLAGS, courseRef, filterRows, flagCounts, targetsOf, worklistCsv, type ChipFlag, type WorklistRow } from './worklist.js';

const t = da.worklist;
const PAGE = 100;

const columns: ColumnDef<typeof tableFeaturesNone, WorklistRow>[] = [
  {
    id: 'course',
    header: t.columns.course,
    cell: ({ row }) => (
      <Link to="/forloeb/$courseId" params={{ courseId: row.original.courseId }} className="text-nowrap">
        {courseRef(row.original.courseId)}
      </Link>
    ),
  },
  { id: 'target', header: t.columns.target, cell: ({ row }) => da.values.target[row.original.target] ?? row.original.target },
  {
    id: 'deadline',
    header: t.columns.deadline,
    cell: ({ row }) => <span className="text-nowrap">{formatShortDate(row.original.deadline)}</span>,
  },
  {
    id: 'daysLeft',
    header: t.columns.daysLeft,
    cell: ({ row }) => (
      <span className={row.original.daysLeft < 0 ? 'weight-semibold' : undefined}>{t.daysLeft(row.original.daysLeft)}</span>
    ),
  },
  { id: 'firstContact', header: t.columns.firstContact, cell: ({ row }) => formatShortDate(row.original.firstContactDate) },
  { id: 'clockStart', header: t.columns.clockStart, cell: ({ row }) => formatShortDate(row.original.clockStart) },
  {
    id: 'nextPlanned',
    header: t.columns.nextPlanned,
    cell: ({ row }) => (row.original.nextPlannedDate ? formatShortDate(row.original.nextPlannedDate) : t.none),
  },
  { id: 'responsible', header: da.responsible.column, cell: ({ row }) => responsibleName(row.original.responsible) },
  { id: 'flags', header: t.columns.flags, cell: ({ row }) => <Flags flags={row.original.flags} /> },
];

/** Arbejdsliste: every running clock of one municipality, soonest deadline first, filtered from the URL. */
export function WorklistPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const search = useSearch({ from: '/app/arbejdsliste' });
  const navigate = useNavigate({ from: '/arbejdsliste' });
  const municipalities = me?.municipalities ?? [];
  const municipality = worklistMunicipality(search.municipality, municipalities);
  const list = useQuery(worklistQuery(municipality, search.responsible));
  // The most urgent first; more on request, so a list of thousands draws at once (docs/benchmarks-web.md).
  const [shown, setShown] = useState(PAGE);
  const filterKey = `${municipality}|${search.target}|${search.flag}|${search.responsible}`;
  const [shownFor, setShownFor] = useState(filterKey);
  if (shownFor !== filterKey) {
    setShownFor(filterKey);
    setShown(PAGE);
  }
  const items = list.data?.items;
  const rows = useMemo(() => filterRows(items ?? [], search), [items, search]);
  const counts = useMemo(() => flagCounts(items ?? [], search.target), [items, search.target]);
  const targets = useMemo(() => targetsOf(items ?? []), [items]);
  const totalForTarget = useMemo(() => filterRows(items ?? [], { target: search.target }).length, [items, search.target]);

  const setFlag = (flag: ChipFlag | undefined) => void navigate({ search: (prev) => ({ ...prev, flag }) });
  const setResponsible = (responsible: ResponsibleFilter | undefined) => void navigate({ search: (prev) => ({ ...prev, responsible }) });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={(e) => e.preventDefault()}>
        {municipalities.length > 1 ? (
          <div className="form-group col-12 col-md-4">
            <label className="form-label" htmlFor="worklist-municipality">
              {t.municipality}
            </label>
            <select
              id="worklist-municipality"
              className="form-select"
              value={municipality}
              onChange={(e) => void navigate({ search: (prev) => ({ ...prev, municipality: e.target.value }) })}
            >
              {municipalities.map((code) => (
                <option key={code} value={code}>
                  {names[code] ?? da.app.municipalityUnknown(code)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="form-group col-12 col-md-5">
          <label className="form-label" htmlFor="worklist-target">
            {t.target}
          </label>
          <select
            id="worklist-target"
            className="form-select"
            value={search.target ?? ''}
            onChange={(e) => void navigate({ search: (prev) => ({ ...prev, target: e.target.value || undefined }) })}
          >
            <option value="">{t.allTargets}</option>
            {targets.map((target) => (
              <option key={target} value={target}>
                {da.values.target[target] ?? target}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ResponsibleChips value={search.responsible} onChange={setResponsible} />
      <div role="group" aria-label={t.flags} className="filter-chips" data-testid="flag-chips">
        <span className="chips-label">{t.flags}:</span>
        <button
          type="button"
          className={`tag${search.flag ? '' : ' tag-active'}`}
          aria-pressed={!search.flag}
          onClick={() => setFlag(undefined)}
        >
          {t.chipCount(t.allFlags, totalForTarget)}
        </button>
        {CHIP_FLAGS.map((flag) => (
          <button
            key={flag}
            type="button"
            className={`tag${search.flag === flag ? ' tag-active' : ''}`}
            aria-pressed={search.flag === flag}
            data-flag={flag}
            onClick={() => setFlag(search.flag === flag ? undefined : flag)}
          >
            {t.chipCount(da.values.flag[flag], counts[flag])}
          </button>
        ))}
      </div>
      {list.isPending && municipality ? <Loading /> : null}
      {list.isError ? <LoadError retry={() => void list.refetch()} /> : null}
      {list.data ? (
        <>
          <div className="worklist-summary">
            <p role="status" data-testid="worklist-count">
              {t.count(rows.length, totalForTarget)} · {t.today(formatDate(list.data.today))}
            </p>
            <button
              type="button"
              className="button button-secondary"
              disabled={!rows.length}
              onClick={() => downloadText(t.csvFile(list.data.municipality, list.data.today), worklistCsv(rows))}
            >
              {t.download}
            </button>
          </div>
          {rows.length ? (
            <>
              <DataTable
                caption={t.title}
                columns={columns}
                rows={rows.length > shown ? rows.slice(0, shown) : rows}
                rowId={(r) => `${r.courseId}:${r.target}`}
                testId="worklist-table"
              />
              {rows.length > shown ? (
                <p className="mt-4">
                  <span className="mr-4" data-testid="worklist-shown">
                    {t.shown(shown, rows.length)}
                  </span>
                  <button type="button" className="button button-secondary" onClick={() => setShown(shown + PAGE)}>
                    {t.showMore(Math.min(PAGE, rows.length - shown))}
                  </button>
                </p>
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
