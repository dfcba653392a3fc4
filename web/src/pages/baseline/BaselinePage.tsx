import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { useToast } from '../../components/Toasts.js';
import { formatDateTime, todayInDenmark } from '../../format.js';
import { completeHalfYears } from '../../reports/period.js';
import { da } from '../../texts.da.js';

const t = da.baseline;
const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const baselineQuery = {
  queryKey: ['baseline'],
  queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/indicators/baseline'))),
};

/**
 * Baseline (administrators): the period of whole half-years the monitoring indicators are
 * compared with; setting it replaces the previous one (audited).
 */
export function BaselinePage() {
  useTitle(t.title);
  const queries = useQueryClient();
  const toast = useToast();
  const current = useQuery(baselineQuery);
  const halfYears = completeHalfYears(todayInDenmark());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const save = useMutation({
    mutationFn: (body: { from: string; to: string }) => reach(async () => unwrap(await api.PUT('/api/v1/indicators/baseline', { body }))),
    onSuccess: (saved) => {
      setErrors(NO_ERRORS);
      queries.setQueryData(baselineQuery.queryKey, saved);
      void queries.invalidateQueries({ queryKey: ['indicators'] });
      toast({ variant: 'success', heading: t.saved });
    },
    onError: (error) => setErrors(problemToFormErrors(error instanceof ApiError ? error.problem : { status: 0 }, ['from', 'to'])),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate({ from, to });
  };
  const err = errors.fields;
  const baseline = current.data?.baseline;

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <section aria-labelledby="baseline-current" className="mb-6">
        <h2 id="baseline-current" className="h3">
          {t.current}
        </h2>
        {current.isPending ? <Loading /> : null}
        {current.isError ? <LoadError retry={() => void current.refetch()} /> : null}
        {current.data ? (
          baseline ? (
            <dl className="manifest" data-testid="baseline-current">
              <div>
                <dt>{t.halfYears}</dt>
                <dd>{baseline.halfYears.map((h) => da.values.halfYear(h)).join(', ')}</dd>
              </div>
              <div>
                <dt>{t.setBy}</dt>
                <dd>{baseline.setBy}</dd>
              </div>
              <div>
                <dt>{t.setAt}</dt>
                <dd>{formatDateTime(baseline.setAt)}</dd>
              </div>
            </dl>
          ) : (
            <p data-testid="baseline-current">{t.none}</p>
          )
        ) : null}
      </section>
      <section aria-labelledby="baseline-set">
        <h2 id="baseline-set" className="h3">
          {t.set}
        </h2>
        <ErrorSummary fields={err} general={errors.general} labels={{ from: t.from, to: t.to }} />
        <form noValidate onSubmit={onSubmit} data-testid="baseline-form">
          <p className="form-hint">{t.hint}</p>
          <div className="row">
            {(
              [
                ['from', t.from, from, setFrom],
                ['to', t.to, to, setTo],
              ] as const
            ).map(([name, label, value, set]) => (
              <div className="col-12 col-md-6" key={name}>
                <Field name={name} label={label} error={err[name]}>
                  <select
                    className="form-select"
                    id={fieldId(name)}
                    value={value}
                    aria-invalid={err[name] ? true : undefined}
                    aria-describedby={describedBy(name, false, err[name])}
                    onChange={(e) => set(e.target.value)}
                  >
                    <option value="">{t.choose}</option>
                    {halfYears.map((h) => (
                      <option key={h} value={h}>
                        {da.values.halfYear(h)}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
            ))}
          </div>
          <button type="submit" className="button button-primary" aria-disabled={save.isPending}>
            {save.isPending ? t.saving : t.submit}
          </button>
        </form>
      </section>
    </>
  );
}
