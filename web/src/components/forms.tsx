import { useEffect, useRef, type ReactNode } from 'react';
import { da } from '../texts.da.js';

/** "Label: " before a message, or "Label " when the label is a question ("…målgruppen? Vælg …"). */
export const labelled = (label: string) => (/[?:]$/.test(label) ? `${label} ` : `${label}: `);

/** An HTML id for a form field named by its API path (`firstContact.date` → `f-firstContact-date`). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * DKFDS error summary: shown above the form after a failed submit, focused so a screen reader
 * reads it, each field error a link to its field.
 */
export function ErrorSummary({
  fields,
  general,
  labels,
}: {
  fields: Record<string, string>;
  general: string[];
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fields);
  const any = entries.length + general.length > 0;
  useEffect(() => {
    if (any) ref.current?.focus();
  }, [any, fields, general]);
  if (!any) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={ref} data-testid="error-summary">
      <div className="alert-body">
        <h2 className="alert-heading h3">{da.errors.summaryTitle}</h2>
        <ul className="alert-text nobullet-list">
          {entries.map(([name, message]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`} className="function-link">
                {labels[name] ? labelled(labels[name]) : ''}
                {message}
              </a>
            </li>
          ))}
          {general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The DKFDS error line inside a form group. */
export function FieldError({ name, message }: { name: string; message?: string }) {
  if (!message) return null;
  return (
    <span className="form-error-message" id={`${fieldId(name)}-error`}>
      <span className="sr-only">{da.errors.prefix}</span>
      {message}
    </span>
  );
}

/** The aria-describedby of a field: its hint and its error, when present. */
export const describedBy = (name: string, hint: boolean, error?: string) =>
  [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A DKFDS form group with label, hint and error for one input (the input is the child). */
export function Field({
  name,
  label,
  hint,
  error,
  optional,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={fieldId(name)}>
        {label}
        {optional ? <span className="weight-normal"> {da.newContact.optional}</span> : null}
      </label>
      {hint ? (
        <span className="form-hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError name={name} message={error} />
      {children}
    </div>
  );
}

/** A DKFDS group of radio buttons or checkboxes under one legend. */
export function Choices({
  name,
  legend,
  error,
  hint,
  optional,
  children,
}: {
  name: string;
  legend: string;
  error?: string;
  hint?: string;
  optional?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <fieldset aria-describedby={describedBy(name, Boolean(hint), error)} id={fieldId(name)} tabIndex={-1}>
        <legend className="form-label">
          {legend}
          {optional ? <span className="weight-normal"> {da.newContact.optional}</span> : null}
        </legend>
        {hint ? (
          <span className="form-hint" id={`${fieldId(name)}-hint`}>
            {hint}
          </span>
        ) : null}
        <FieldError name={name} message={error} />
        {children}
      </fieldset>
    </div>
  );
}
