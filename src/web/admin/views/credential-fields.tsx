// Sign-in credentials in forms: the e-mail that browsers fill in as the username, passwords that
// are never filled back in after a rejected form, and a new password typed twice.
import { MIN_PASSWORD_LENGTH } from '../../../services/auth-service.js';
import { TextField, type FormState } from './form-controls.js';

export function EmailField({ form, autofocus }: { form: FormState; autofocus?: boolean }) {
  return (
    <TextField
      form={form}
      name="email"
      label="E-mail"
      type="email"
      required
      autocomplete="username"
      autofocus={autofocus}
    />
  );
}

export function PasswordField(props: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  autocomplete: 'current-password' | 'new-password';
}) {
  return (
    <TextField
      form={props.form}
      name={props.name}
      label={props.label}
      type="password"
      hint={props.hint}
      required
      autocomplete={props.autocomplete}
      keepValue={false}
    />
  );
}

/** `password` and `password_confirm`, labelled for the form they are on; the route checks they match. */
export function NewPasswordFields(props: { form: FormState; label: string; repeatLabel: string }) {
  return (
    <>
      <PasswordField
        form={props.form}
        name="password"
        label={props.label}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
        autocomplete="new-password"
      />
      <PasswordField
        form={props.form}
        name="password_confirm"
        label={props.repeatLabel}
        autocomplete="new-password"
      />
    </>
  );
}
