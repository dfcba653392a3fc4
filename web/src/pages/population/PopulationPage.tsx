import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { useToast } from '../../components/Toasts.js';
import { formatDateTime, formatNumber, todayInDenmark } from '../../format.js';
import { FigureTable } from '../../reports/FigureTable.js';
import { da } from '../../texts.da.js';
import { populationContentType, summaryYears, type PopulationLoadResult, type PopulationSummary } from './population.js';

const t = da.population;
const NO_ERRORS: FormErrors = { fields: {}, general: [] };
type Row = PopulationSummary['items'][number];

const columns: ColumnDef<typeof tableFeaturesNone, Row>[] = [
  { id: 'code', header: t.columns.code, cell: ({ row }) => row.original.code },
  { id: 'name', header: t.columns.name, cell: ({ row }) => row.original.name },
  { id: 'rows', header: t.columns.rows, cell: ({ row }) => formatNumber(row.original.rowsLoaded) },
  {
    id: 'citizens',
    header: t.columns.citizens,
    cell: ({ row }) => (row.original.citizens === null ? t.none : formatNumber(row.original.citizens)),
  },
  {
    id: 'source',
    header: t.columns.citizensSource,
    cell: ({ row }) => (row.original.citizensSource ? t.sources[row.original.citizensSource] : t.none),
  },
  {
    id: 'children',
    header: t.columns.children,
    cell: ({ row }) => (row.original.children5to17 === null ? t.none : formatNumber(row.original.children5to17)),
  },
  {
    id: 'lastLoaded',
    header: t.columns.lastLoaded,
    cell: ({ row }) => (row.original.lastLoadedAt ? formatDateTime(row.original.lastLoadedAt) : t.none),
  },
];

type Rejected = PopulationLoadResult['rejected'][number];
const rejectedColumns: ColumnDef<typeof tableFeaturesNone, Rejected>[] = [
  { id: 'line', header: t.line, cell: ({ row }) => formatNumber(row.original.line) },
  // The service words the reason in English; it is marked so for screen readers (WCAG 3.1.2).
  { id: 'reason', header: t.reason, cell: ({ row }) => <span lang="en">{row.original.reason}</span> },
];

/**
 * Befolkning (administrators): load a population file (FOLK1A or the canonical CSV), see what
 * was loaded and which lines were not, and what is loaded for a year, municipality by
 * municipality, with the totals the indicators divide by.
 */
export function PopulationPage() {
  useTitle(t.title);
  const search = useSearch({ from: '/app/befolkning' });
  const navigate = useNavigate({ from: '/befolkning' });
  const year = search.year ?? Number(todayInDenmark().slice(0, 4));
  const summary = useQuery({
    queryKey: ['population', year],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/population', { params: { query: { year } } }))),
  });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <Upload />
      <section aria-labelledby="population-summary" className="report-section">
        <h2 id="population-summary" className="h3">
          {t.summary}
        </h2>
        <div className="form-group">
          <label className="form-label" htmlFor="population-year">
            {t.year}
          </label>
          <select
            id="population-year"
            className="form-select input-width-xs"
            value={year}
            onChange={(e) => void navigate({ search: { year: Number(e.target.value) } })}
          >
            {summaryYears(summary.data, year).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {summary.isPending ? <Loading /> : null}
        {summary.isError ? <LoadError retry={() => void summary.refetch()} /> : null}
        {summary.data ? <Summary summary={summary.data} /> : null}
      </section>
    </>
  );
}

function Upload() {
  const queries = useQueryClient();
  const toast = useToast();
  const file = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [result, setResult] = useState<PopulationLoadResult | undefined>();
  // One key per file and source chosen: a double click loads once.
  const key = useRef<string | undefined>(undefined);
  const load = useMutation({
    mutationFn: ({ bytes, source }: { bytes: Uint8Array; source: string }) =>
      reach(async () => {
        key.current ??= crypto.randomUUID();
        return unwrap(
          await api.POST('/api/v1/population', {
            params: { query: source ? { source } : {} },
            // The file goes as it is: its bytes, with the charset they are written in.
            body: bytes as unknown as string,
            bodySerializer: (body: unknown) => body as BodyInit,
            headers: { 'Content-Type': populationContentType(bytes), 'Idempotency-Key': key.current },
          }),
        );
      }),
    onSuccess: async (loaded) => {
      key.current = undefined;
      setErrors(NO_ERRORS);
      setResult(loaded);
      toast({ variant: 'success', heading: t.loaded });
      await queries.invalidateQueries({ queryKey: ['population'] });
    },
    onError: (error) => {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      // The file is the form's one field: a problem with the body, its size or its type is about it.
      const mapped = problemToFormErrors(
        { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: e.field === 'body' ? 'file' : e.field })) },
        ['file', 'source'],
      );
      if (problem.status === 413) mapped.fields.file = t.tooLarge;
      if (problem.status === 415) mapped.fields.file = t.notText;
      setErrors(problem.status === 413 || problem.status === 415 ? { fields: mapped.fields, general: [] } : mapped);
      setResult(undefined);
    },
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    if (!chosen) {
      setErrors({ fields: { file: t.chooseFile }, general: [] });
      return;
    }
    if (load.isPending) return;
    load.mutate({ bytes: new Uint8Array(await chosen.arrayBuffer()), source: source.trim() });
  };
  const err = errors.fields;
  return (
    <section aria-labelledby="population-upload">
      <h2 id="population-upload" className="h3">
        {t.upload}
      </h2>
      <ErrorSummary fields={err} general={errors.general} labels={{ file: t.file, source: t.source }} />
      <form noValidate onSubmit={(e) => void onSubmit(e)} data-testid="population-form">
        <Field name="file" label={t.file} hint={t.fileHint} error={err.file}>
          <input
            ref={file}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="form-file-input"
            id={fieldId('file')}
            aria-invalid={err.file ? true : undefined}
            aria-describedby={describedBy('file', true, err.file)}
            onChange={() => (key.current = undefined)}
          />
        </Field>
        <Field name="source" label={t.source} hint={t.sourceHint} error={err.source} optional>
          <input
            className="form-input"
            id={fieldId('source')}
            value={source}
            maxLength={200}
            aria-invalid={err.source ? true : undefined}
            aria-describedby={describedBy('source', true, err.source)}
            onChange={(e) => {
              key.current = undefined;
              setSource(e.target.value);
            }}
          />
        </Field>
        <button type="submit" className="button button-primary" aria-disabled={load.isPending} data-testid="population-submit">
          {load.isPending ? t.loading : t.submit}
        </button>
      </form>
      {result ? <LoadResult result={result} /> : null}
    </section>
  );
}

function LoadResult({ result }: { result: PopulationLoadResult }) {
  return (
    <section aria-labelledby="population-result" className="mt-6" data-testid="population-result">
      <h3 id="population-result" className="h4">
        {t.result}
      </h3>
      <dl className="manifest">
        <div>
          <dt>{t.format}</dt>
          <dd>{t.formats[result.format] ?? result.format}</dd>
        </div>
        <div>
          <dt>{t.source}</dt>
          <dd>{result.source}</dd>
        </div>
        <div>
          <dt>{t.sha256}</dt>
          <dd>
            <code>{result.sha256}</code>
          </dd>
        </div>
        <div>
          <dt>{t.years}</dt>
          <dd>{result.years.join(', ') || t.none}</dd>
        </div>
        <div>
          <dt>{t.municipalitiesLoaded}</dt>
          <dd data-testid="population-municipalities">{formatNumber(result.municipalities)}</dd>
        </div>
      </dl>
      <FigureTable
        caption={t.rowsLoaded}
        columns={[t.rowsLoaded, da.reports.count]}
        testId="population-rows"
        rows={[
          { key: 'inserted', header: t.inserted, cells: [formatNumber(result.inserted)] },
          { key: 'updated', header: t.updated, cells: [formatNumber(result.updated)] },
          { key: 'unchanged', header: t.unchanged, cells: [formatNumber(result.unchanged)] },
        ]}
        footer={{ key: 'total', header: t.rowsLoaded, cells: [formatNumber(result.rowsLoaded)] }}
      />
      <h4 className="h5 mt-5">{t.rejected}</h4>
      {result.rejectedCount ? (
        <>
          <p data-testid="population-rejected-count">
            {t.rejectedCount(result.rejectedCount)}
            {result.rejected.length < result.rejectedCount ? ` ${t.rejectedShown(result.rejected.length, result.rejectedCount)}` : ''}
          </p>
          <DataTable
            caption={t.rejected}
            columns={rejectedColumns}
            rows={result.rejected}
            rowId={(r) => String(r.line)}
            testId="population-rejected"
          />
        </>
      ) : (
        <p>{t.noneRejected}</p>
      )}
    </section>
  );
}

function Summary({ summary }: { summary: PopulationSummary }) {
  const c = summary.municipalities;
  return (
    <>
      {summary.yearsLoaded.length ? null : <p>{t.noYears}</p>}
      <div className="row">
        <div className="col-12 col-lg-6">
          <FigureTable
            caption={t.coverage}
            columns={[t.coverage, da.reports.count]}
            testId="population-coverage"
            rows={[
              { key: 'loadedTotal', header: t.loadedTotal, cells: [formatNumber(c.loadedTotal)] },
              { key: 'defaultTotal', header: t.defaultTotal, cells: [formatNumber(c.defaultTotal)] },
              { key: 'withoutTotal', header: t.withoutTotal, cells: [formatNumber(c.withoutTotal)] },
              { key: 'childAgesLoaded', header: t.childAgesLoaded, cells: [formatNumber(c.childAgesLoaded)] },
            ]}
            footer={{ key: 'citizens', header: t.citizens, cells: [formatNumber(summary.citizens)] }}
          />
        </div>
        <div className="col-12 col-lg-6">
          {summary.yearsLoaded.length ? (
            <FigureTable
              caption={t.yearsLoaded}
              columns={[t.year, t.rows, t.municipalitiesLoaded, t.lastLoaded]}
              testId="population-years"
              rows={summary.yearsLoaded.map((y) => ({
                key: String(y.year),
                header: String(y.year),
                cells: [formatNumber(y.rows), formatNumber(y.municipalities), formatDateTime(y.lastLoadedAt)],
              }))}
            />
          ) : null}
        </div>
      </div>
      <DataTable caption={t.summary} columns={columns} rows={summary.items} rowId={(r) => r.code} testId="population-table" />
    </>
  );
}
