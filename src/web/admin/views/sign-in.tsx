// The pages seen before signing in: first-run setup (with the token from the server log) and login.
import { adminPaths } from '../paths.js';
import { EmailField, NewPasswordFields, PasswordField } from './credential-fields.js';
import { ErrorSummary, PostForm, TextField, type FormState } from './form-controls.js';
import { Layout, type AdminView } from './layout.js';

export function SetupPage({ view, form }: { view: AdminView; form: FormState }) {
  return (
    <Layout view={view} title="Set up Vigil">
      <div class="narrow card">
        <h1>Set up Vigil</h1>
        <p>
          Create the first administrator. The one-time setup token was printed in the server log
          when Vigil started (look for “setup token”).
        </p>
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.setup} csrf={view.csrf} label="Setup">
          <TextField
            form={form}
            name="token"
            label="Setup token"
            hint="From the server log, starts with setup_"
            required
            autocomplete="off"
            autofocus
          />
          <EmailField form={form} />
          <NewPasswordFields form={form} label="Password" repeatLabel="Repeat the password" />
          <button type="submit" class="button primary">
            Create administrator
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}

export function LoginPage({
  view,
  form,
  next,
}: {
  view: AdminView;
  form: FormState;
  next: string | undefined;
}) {
  return (
    <Layout view={view} title="Sign in">
      <div class="narrow card">
        <h1>Sign in</h1>
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.login} csrf={view.csrf} label="Sign in">
          {next ? <input type="hidden" name="next" value={next} /> : ''}
          <EmailField form={form} autofocus />
          <PasswordField
            form={form}
            name="password"
            label="Password"
            autocomplete="current-password"
          />
          <button type="submit" class="button primary">
            Sign in
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
