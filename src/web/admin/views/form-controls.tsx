// Accessible form controls shared by every admin form: a label for each input, hints and errors
// tied to the input with aria-describedby, and an error summary that links to the fields.
import type { FieldErrors, FormValues } from '../form-values.js';

/** What a form needs to show a field again after a rejected submission. */
export interface FormState {
  values: FormValues;
  errors: FieldErrors;
}

export const blankForm = (values: FormValues = {}): FormState => ({ values, errors: {} });

/** The element id of a field (field names may contain dots, e.g. `components.abc`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The attributes that tie a control to its hint and error message for assistive technology. */
function describedControl(id: string, hint: string | undefined, error: string | undefined) {
  return {
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy(id, Boolean(hint), Boolean(error)),
  };
}

function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** A control with its label above, then its hint and error; `compact` for dense rows of selects. */
function LabelledField(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  compact?: boolean;
  children: JSX.Element;
}) {
  return (
    <div class={`${props.error ? 'field has-error' : 'field'}${props.compact ? ' compact' : ''}`}>
      <label for={props.id} safe>
        {props.label}
      </label>
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      {props.children as 'safe'}
    </div>
  );
}

function valueOf(form: FormState, name: string): string | undefined {
  const value = form.values[name];
  return Array.isArray(value) ? value[0] : value;
}

interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'datetime-local';
    autocomplete?: string;
    /** Passwords are never sent back to the browser. */
    keepValue?: boolean;
    inputmode?: 'numeric';
    maxlength?: number;
    pattern?: string;
    autofocus?: boolean;
  },
) {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const value = props.keepValue === false ? undefined : valueOf(props.form, props.name);
  return (
    <LabelledField id={id} label={props.label} hint={props.hint} error={error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        autofocus={props.autofocus}
        {...describedControl(id, props.hint, error)}
      />
    </LabelledField>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <LabelledField id={id} label={props.label} hint={props.hint} error={error}>
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows ?? 5)}
        required={props.required}
        {...describedControl(id, props.hint, error)}
        safe
      >
        {valueOf(props.form, props.name) ?? ''}
      </textarea>
    </LabelledField>
  );
}

export type Choice = readonly [value: string, label: string];

export function Select(props: FieldProps & { choices: readonly Choice[]; compact?: boolean }) {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  const current = valueOf(props.form, props.name);
  return (
    <LabelledField
      id={id}
      label={props.label}
      hint={props.hint}
      error={error}
      compact={props.compact}
    >
      <select
        id={id}
        name={props.name}
        required={props.required}
        {...describedControl(id, props.hint, error)}
      >
        {props.choices.map(([value, label]) => (
          <option value={value} selected={value === current} safe>
            {label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

/**
 * A single checkbox; `value` is what is sent when ticked. Unless told otherwise it is ticked when
 * the form has a value for it, as browsers send a checkbox only when ticked.
 */
export function Checkbox(props: FieldProps & { checked?: boolean; value?: string; id?: string }) {
  const id = props.id ?? fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'checkbox has-error' : 'checkbox'}>
      <input
        id={id}
        name={props.name}
        type="checkbox"
        value={props.value ?? 'true'}
        checked={props.checked ?? props.form.values[props.name] !== undefined}
        {...describedControl(id, props.hint, error)}
      />
      <label for={id} safe>
        {props.label}
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
    </div>
  );
}

/** Lists what is wrong at the top of the form, each item linking to its field (focus lands here). */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A form that posts to the admin with its CSRF token. */
export function PostForm(props: {
  action: string;
  csrf: string;
  class?: string;
  label?: string;
  children?: JSX.Element | JSX.Element[];
}) {
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label}>
      <CsrfField token={props.csrf} />
      {props.children as 'safe'}
    </form>
  );
}
