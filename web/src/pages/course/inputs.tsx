import type { UseFormRegisterReturn } from 'react-hook-form';
import { Choices, describedBy, Field, fieldId } from '../../components/forms.js';

/**
 * The course page's inputs in DKFDS markup, each bound to react-hook-form by its registration
 * (`form.register('date')`): the field's name is the API's field path, so the service's errors
 * land on it, and its label, hint and error are read out with it.
 */
interface Common {
  reg: UseFormRegisterReturn;
  error?: string;
  hint?: string;
  optional?: boolean;
}

export function TextInput({
  reg,
  label,
  error,
  hint,
  optional,
  width = 'input-width-s',
  numeric,
}: Common & { label: string; width?: string; numeric?: boolean }) {
  const name = reg.name;
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      <input
        type="text"
        className={`form-input ${width}`}
        id={fieldId(name)}
        autoComplete="off"
        inputMode={numeric ? 'numeric' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), error)}
        {...reg}
      />
    </Field>
  );
}

export function TextArea({ reg, label, error, hint, optional }: Common & { label: string }) {
  const name = reg.name;
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        className="form-input"
        rows={3}
        id={fieldId(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), error)}
        {...reg}
      />
    </Field>
  );
}

export function Select({
  reg,
  label,
  error,
  hint,
  optional,
  options,
  placeholder,
}: Common & { label: string; options: readonly (readonly [string, string])[]; placeholder: string }) {
  const name = reg.name;
  return (
    <Field name={name} label={label} hint={hint} error={error} optional={optional}>
      <select
        className="form-select"
        id={fieldId(name)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, Boolean(hint), error)}
        {...reg}
      >
        <option value="">{placeholder}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Radio buttons (one of) or checkboxes (any of) under one legend. */
export function Options({
  reg,
  legend,
  error,
  hint,
  optional,
  options,
  multiple,
}: Common & { legend: string; options: readonly (readonly [string, string])[]; multiple?: boolean }) {
  const name = reg.name;
  const kind = multiple ? 'checkbox' : 'radio';
  return (
    <Choices name={name} legend={legend} error={error} hint={hint} optional={optional}>
      {options.map(([value, text]) => {
        const id = `${fieldId(name)}-${value}`;
        return (
          <div className={`form-group-${kind}`} key={value}>
            <input type={kind} className={`form-${kind}`} id={id} value={value} {...reg} />
            <label className="form-label" htmlFor={id}>
              {text}
            </label>
          </div>
        );
      })}
    </Choices>
  );
}

/** A dictionary map as [value, Danish text] pairs, in the order given. */
export const choices = <K extends string>(keys: readonly K[], texts: Record<K, string>) => keys.map((k) => [k, texts[k]] as const);
