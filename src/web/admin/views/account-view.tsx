// The signed-in administrator's account: who they are, and changing the password.
import { escapeHtml } from '@kitajs/html';
import { adminPaths } from '../paths.js';
import { Fact } from './common.js';
import { NewPasswordFields, PasswordField } from './credential-fields.js';
import { ErrorSummary, PostForm, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export function AccountPage(props: { view: AdminView; email: string; form: FormState }) {
  const { form } = props;
  return (
    <Layout view={props.view} title="Account" section="account">
      <PageHeader title="Account" />
      <dl class="facts">
        <Fact term="Signed in as">{escapeHtml(props.email)}</Fact>
      </dl>
      <section class="panel narrow-panel" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.accountPassword} csrf={props.view.csrf}>
          <input type="text" name="username" value={props.email} autocomplete="username" hidden />
          <PasswordField
            form={form}
            name="current_password"
            label="Current password"
            autocomplete="current-password"
          />
          <NewPasswordFields
            form={form}
            label="New password"
            repeatLabel="Repeat the new password"
          />
          <button type="submit" class="button primary">
            Change password
          </button>
        </PostForm>
      </section>
    </Layout>
  );
}
