// The pages seen before signing in: first-run setup (with the token from the server log) and login.
import { MIN_PASSWORD_LENGTH } from '../../../services/auth-service.js';
import { adminPaths } from '../paths.js';
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
          <TextField
            form={form}
            name="email"
            label="E-mail"
            type="email"
            required
            autocomplete="username"
          />
          <TextField
            form={form}
            name="password"
            label="Password"
            type="password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
            required
            autocomplete="new-password"
            keepValue={false}
          />
          <TextField
            form={form}
            name="password_confirm"
            label="Repeat the password"
            type="password"
            required
            autocomplete="new-password"
            keepValue={false}
          />
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
          <TextField
            form={form}
            name="email"
            label="E-mail"
            type="email"
            required
            autocomplete="username"
            autofocus
          />
          <TextField
            form={form}
            name="password"
            label="Password"
            type="password"
            required
            autocomplete="current-password"
            keepValue={false}
          />
          <button type="submit" class="button primary">
            Sign in
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
