// The signed-in administrator's account: who they are, and changing the password.
import { MIN_PASSWORD_LENGTH } from '../../../services/auth-service.js';
import { adminPaths } from '../paths.js';
import { ErrorSummary, PostForm, TextField, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export function AccountPage(props: { view: AdminView; email: string; form: FormState }) {
  const { form } = props;
  return (
    <Layout view={props.view} title="Account" section="account">
      <PageHeader title="Account" />
      <dl class="facts">
        <div>
          <dt>Signed in as</dt>
          <dd safe>{props.email}</dd>
        </div>
      </dl>
      <section class="panel narrow-panel" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.accountPassword} csrf={props.view.csrf}>
          <input type="text" name="username" value={props.email} autocomplete="username" hidden />
          <TextField
            form={form}
            name="current_password"
            label="Current password"
            type="password"
            required
            autocomplete="current-password"
            keepValue={false}
          />
          <TextField
            form={form}
            name="password"
            label="New password"
            type="password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
            required
            autocomplete="new-password"
            keepValue={false}
          />
          <TextField
            form={form}
            name="password_confirm"
            label="Repeat the new password"
            type="password"
            required
            autocomplete="new-password"
            keepValue={false}
          />
          <button type="submit" class="button primary">
            Change password
          </button>
        </PostForm>
      </section>
    </Layout>
  );
}
