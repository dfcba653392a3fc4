import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { useAuth } from '../../auth/AuthContext.js';
import { DevAuth, type DevLoginRequest } from '../../auth/session.js';
import { Choices, describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { useTitle } from '../../components/status.js';
import type { Role } from '../../layout/screens.js';
import { da } from '../../texts.da.js';

const t = da.devLogin;
const ROLES = Object.keys(da.auth.roles) as Role[];

interface DevLoginForm {
  name: string;
  roles: Role[];
  municipalities: string;
}

/**
 * Udviklingslogin: pick roles, municipalities and a name, and get a token from the local
 * development issuer. Only where the service offers it (web-config devLogin); never in production.
 */
export function DevLoginPage() {
  useTitle(t.title);
  const auth = useAuth();
  const navigate = useNavigate();
  const { returnTo } = useSearch({ from: '/udviklingslogin' });
  const form = useForm<DevLoginForm>({ defaultValues: { name: t.defaultName, roles: ['caseworker'], municipalities: '751' } });
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  if (!(auth instanceof DevAuth)) return null;

  const submit = form.handleSubmit(async (values) => {
    const request: DevLoginRequest = {
      name: values.name.trim(),
      roles: values.roles,
      municipalities: values.municipalities
        .split(/[\s,]+/)
        .map((m) => m.trim())
        .filter(Boolean),
    };
    try {
      await auth.loginAs(request);
      await navigate({ to: returnTo ?? '/', replace: true });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      setErrors(problemToFormErrors(problem, ['name', 'roles', 'municipalities']));
    }
  });
  const err = errors.fields;

  return (
    <>
      <div className="alert alert-warning" role="note">
        <div className="alert-body">
          <h2 className="alert-heading h3">{t.warning}</h2>
          <p className="alert-text">{t.warningText}</p>
        </div>
      </div>
      <h1>{t.title}</h1>
      <ErrorSummary fields={err} general={errors.general} labels={{ name: t.name, roles: t.roles, municipalities: t.municipality }} />
      <form onSubmit={submit} noValidate data-testid="dev-login">
        <Field name="name" label={t.name} hint={t.nameHint} error={err.name}>
          <input
            className="form-input"
            id={fieldId('name')}
            autoComplete="name"
            aria-describedby={describedBy('name', true, err.name)}
            {...form.register('name')}
          />
        </Field>
        <Choices name="roles" legend={t.roles} error={err.roles}>
          {ROLES.map((role) => (
            <div className="form-group-checkbox" key={role}>
              <input type="checkbox" className="form-checkbox" id={`role-${role}`} value={role} {...form.register('roles')} />
              <label className="form-label" htmlFor={`role-${role}`}>
                {da.auth.roles[role]}
              </label>
            </div>
          ))}
        </Choices>
        <Field name="municipalities" label={t.municipality} hint={t.municipalityHint} error={err.municipalities}>
          <input
            className="form-input input-width-s"
            id={fieldId('municipalities')}
            inputMode="numeric"
            aria-describedby={describedBy('municipalities', true, err.municipalities)}
            {...form.register('municipalities')}
          />
        </Field>
        <button type="submit" className="button button-primary mt-5">
          {t.submit}
        </button>
      </form>
    </>
  );
}
