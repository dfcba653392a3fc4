import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import type { components } from '../../api/schema.js';
import { problemToFormErrors } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { Flags } from '../../components/Flags.js';
import { ResponsibleChips } from '../../components/Responsible.js';
import { responsibleName, type ResponsibleFilter } from '../../components/responsible-filter.js';
import { describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatShortDate } from '../../format.js';
import { da } from '../../texts.da.js';
import { courseRef } from '../worklist/worklist.js';
import { coursesQuery, cprInput, type CoursesSearch } from './courses-search.js';

const t = da.courses;
const PAGE_SIZE = 50;
type Row = components['schemas']['CourseListItem'];

/**
 * Forløb: the course search. Filters live in the URL; the CPR lives only in this page's state
 * and goes to the API in the X-CPR header with the purpose in X-Purpose (audited).
 */
export function CoursesPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const search = useSearch({ from: '/app/forloeb' });
  const navigate = useNavigate({ from: '/forloeb' });
  const [cpr, setCpr] = useState('');
  const [purpose, setPurpose] = useState('');
  const [byCpr, setByCpr] = useState<{ cpr: string; purpose: string } | undefined>();
  const [purposeError, setPurposeError] = useState<string | undefined>();
  const [draft, setDraft] = useState<CoursesSearch>(search);

  const list = useQuery({
    // The CPR is part of the cache key only in memory; it is never written to the URL or storage.
    queryKey: ['courses', search, byCpr],
    retry: false,
    queryFn: () =>
      reach(async () =>
        unwrap(
          await api.GET('/api/v1/courses', {
            params: {
              query: coursesQuery(search, PAGE_SIZE),
              header: byCpr ? { 'X-CPR': byCpr.cpr, 'X-Purpose': byCpr.purpose } : {},
            },
          }),
        ),
      ),
  });
  const cprProblem = list.error instanceof ApiError ? problemToFormErrors(list.error.problem, ['cpr']) : undefined;
  const fieldErrors: Record<string, string> = { ...(cprProblem?.fields ?? {}), ...(purposeError ? { purpose: purposeError } : {}) };

  // A chip filters at once, like the working list's; the form's other filters wait for "Søg".
  const setResponsible = (responsible: ResponsibleFilter | undefined) => {
    setDraft({ ...draft, responsible });
    void navigate({ search: (prev) => ({ ...prev, responsible, page: undefined }) });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const typed = cprInput(cpr);
    if (typed && !purpose.trim()) {
      setPurposeError(t.purposeRequired);
      return;
    }
    setPurposeError(undefined);
    setByCpr(typed ? { cpr: typed, purpose: purpose.trim() } : undefined);
    void navigate({ search: { ...draft, page: undefined } });
  };

  const columns: ColumnDef<typeof tableFeaturesNone, Row>[] = [
    {
      id: 'course',
      header: t.columns.course,
      cell: ({ row }) => (
        <Link to="/forloeb/$courseId" params={{ courseId: row.original.id }} className="text-nowrap">
          {courseRef(row.original.id)}
        </Link>
      ),
    },
    { id: 'firstContact', header: t.columns.firstContact, cell: ({ row }) => formatShortDate(row.original.firstContactDate) },
    {
      id: 'municipality',
      header: t.columns.municipality,
      cell: ({ row }) => names[row.original.municipalityCode] ?? da.app.municipalityUnknown(row.original.municipalityCode),
    },
    { id: 'status', header: t.columns.status, cell: ({ row }) => da.values.status[row.original.status] },
    {
      id: 'age',
      header: t.columns.age,
      cell: ({ row }) => (row.original.child.ageToday === null ? '' : t.age(row.original.child.ageToday)),
    },
    { id: 'sex', header: t.columns.sex, cell: ({ row }) => (row.original.child.sex ? da.values.sex[row.original.child.sex] : '') },
    { id: 'cpr', header: t.columns.cpr, cell: ({ row }) => (row.original.child.cprKnown ? t.cprKnown : t.cprMissing) },
    { id: 'responsible', header: da.responsible.column, cell: ({ row }) => responsibleName(row.original.responsible) },
    { id: 'flags', header: t.columns.flags, cell: ({ row }) => <Flags flags={row.original.flags} /> },
  ];
  const municipalities = me?.municipalities ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const page = search.page ?? 1;

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <ErrorSummary fields={fieldErrors} general={[]} labels={{ cpr: t.cpr, purpose: t.purpose }} />
      <form onSubmit={onSubmit} noValidate data-testid="course-search">
        <div className="row">
          <div className="col-12 col-md-6">
            <Field name="cpr" label={t.cpr} hint={t.cprHint} error={fieldErrors.cpr} optional>
              <input
                className="form-input input-width-s"
                id={fieldId('cpr')}
                inputMode="numeric"
                autoComplete="off"
                value={cpr}
                aria-invalid={fieldErrors.cpr ? true : undefined}
                aria-describedby={describedBy('cpr', true, fieldErrors.cpr)}
                onChange={(e) => setCpr(e.target.value)}
              />
            </Field>
          </div>
          <div className="col-12 col-md-6">
            <Field name="purpose" label={t.purpose} hint={t.purposeHint} error={fieldErrors.purpose} optional>
              <input
                className="form-input"
                id={fieldId('purpose')}
                value={purpose}
                maxLength={200}
                aria-invalid={fieldErrors.purpose ? true : undefined}
                aria-describedby={describedBy('purpose', true, fieldErrors.purpose)}
                onChange={(e) => setPurpose(e.target.value)}
              />
            </Field>
          </div>
        </div>
        <div className="row">
          <div className="form-group col-12 col-md-4">
            <label className="form-label" htmlFor="courses-status">
              {t.status}
            </label>
            <select
              id="courses-status"
              className="form-select"
              value={draft.status ?? ''}
              onChange={(e) => setDraft({ ...draft, status: (e.target.value || undefined) as CoursesSearch['status'] })}
            >
              <option value="">{t.anyStatus}</option>
              <option value="open">{da.values.status.open}</option>
              <option value="closed">{da.values.status.closed}</option>
            </select>
          </div>
          <div className="form-group col-12 col-md-4">
            <label className="form-label" htmlFor="courses-from">
              {t.from}
            </label>
            <input
              id="courses-from"
              type="date"
              className="form-input"
              value={draft.from ?? ''}
              onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
            />
          </div>
          <div className="form-group col-12 col-md-4">
            <label className="form-label" htmlFor="courses-to">
              {t.to}
            </label>
            <input
              id="courses-to"
              type="date"
              className="form-input"
              value={draft.to ?? ''}
              onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
            />
          </div>
        </div>
        <div className="row">
          {municipalities.length > 1 ? (
            <div className="form-group col-12 col-md-6">
              <label className="form-label" htmlFor="courses-municipality">
                {t.municipality}
              </label>
              <select
                id="courses-municipality"
                className="form-select"
                value={draft.municipality ?? ''}
                onChange={(e) => setDraft({ ...draft, municipality: e.target.value || undefined })}
              >
                <option value="">{t.allMunicipalities}</option>
                {municipalities.map((code) => (
                  <option key={code} value={code}>
                    {names[code] ?? da.app.municipalityUnknown(code)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="form-group col-12 col-md-6">
            <div className="form-group-checkbox">
              <input
                type="checkbox"
                className="form-checkbox"
                id="courses-missing-cpr"
                checked={Boolean(draft.missingCpr)}
                onChange={(e) => setDraft({ ...draft, missingCpr: e.target.checked || undefined })}
              />
              <label className="form-label" htmlFor="courses-missing-cpr">
                {t.missingCpr}
              </label>
            </div>
          </div>
        </div>
        <button type="submit" className="button button-primary">
          {t.search}
        </button>
      </form>
      <ResponsibleChips value={search.responsible} onChange={setResponsible} />
      {list.isPending ? <Loading /> : null}
      {list.isError && !cprProblem?.fields.cpr ? <LoadError message={cprProblem?.general[0]} retry={() => void list.refetch()} /> : null}
      {list.data ? (
        <section aria-labelledby="courses-result">
          <h2 id="courses-result" className="h3" role="status" data-testid="courses-total">
            {t.total(list.data.total)}
          </h2>
          {list.data.items.length ? (
            <DataTable caption={t.title} columns={columns} rows={list.data.items} rowId={(r) => r.id} testId="courses-table" />
          ) : (
            <p>{t.empty}</p>
          )}
          {pages > 1 ? (
            <nav className="pagination" aria-label={t.page(page, pages)}>
              <button
                type="button"
                className="button button-secondary"
                disabled={page <= 1}
                onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page - 1 > 1 ? page - 1 : undefined }) })}
              >
                {t.previous}
              </button>
              <span className="pagination-number">{t.page(page, pages)}</span>
              <button
                type="button"
                className="button button-secondary"
                disabled={page >= pages}
                onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page + 1 }) })}
              >
                {t.next}
              </button>
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
