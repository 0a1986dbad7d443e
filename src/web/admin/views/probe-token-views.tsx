// Probe tokens in the admin: the list with a create form, and the one page that ever shows a token.
import type { ProbeTokenRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { EmptyState, When } from './common.js';
import { RevokeState, WhenOrNever } from './credential-cells.js';
import { ErrorSummary, PostForm, TextField, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { SecretOncePage } from './secret-once.js';

const crumbs = [['Monitors', adminPaths.monitors]] as const;

function TokenTable({ tokens }: { tokens: ProbeTokenRow[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last seen</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr class={token.revoked_at ? 'revoked' : ''}>
              <th scope="row" safe>
                {token.region}
              </th>
              <td data-label="Name" safe>
                {token.name || '–'}
              </td>
              <td data-label="Created">
                <When at={token.created_at} timeZone="Etc/UTC" />
              </td>
              <td data-label="Last seen">
                <WhenOrNever at={token.last_seen_at} />
              </td>
              <td data-label="State">
                <RevokeState
                  revokedAt={token.revoked_at}
                  href={adminPaths.revokeProbeToken(token.id)}
                  name={`the token of ${token.name || token.region}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProbeTokenListPage(props: {
  view: AdminView;
  form: FormState;
  /** Newest first, revoked ones included. */
  tokens: ProbeTokenRow[];
}) {
  return (
    <Layout view={props.view} title="Probe tokens" section="monitors">
      <PageHeader
        title="Probe tokens"
        crumbs={crumbs}
        lead="Each probe agent signs in with a token of its region; the region's monitors are shared between its live agents."
      />
      <section class="panel" aria-labelledby="create-title">
        <h2 id="create-title">Create a token</h2>
        <ErrorSummary errors={props.form.errors} />
        <PostForm
          action={adminPaths.probeTokens}
          csrf={props.view.csrf}
          class="field-row align-end"
        >
          <TextField
            form={props.form}
            name="region"
            label="Region"
            hint="Lowercase letters, digits and hyphens, e.g. eu-west"
            required
            maxlength={63}
          />
          <TextField
            form={props.form}
            name="name"
            label="Name"
            hint="Optional; which agent uses it, e.g. “eu-west-1 vm”"
            maxlength={100}
          />
          <button type="submit" class="button primary">
            Create token
          </button>
        </PostForm>
      </section>
      <section class="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        {props.tokens.length > 0 ? (
          <TokenTable tokens={props.tokens} />
        ) : (
          <EmptyState>
            <p>No probe token yet. Create one for each agent you run.</p>
          </EmptyState>
        )}
      </section>
    </Layout>
  );
}

export function NewProbeTokenPage(props: {
  view: AdminView;
  token: ProbeTokenRow;
  secret: string;
}) {
  const { region, name } = props.token;
  return (
    <SecretOncePage
      view={props.view}
      section="monitors"
      title="Probe token created"
      crumbs={[...crumbs, ['Probe tokens', adminPaths.probeTokens]]}
      what="token"
      ifLost="revoke it and create another"
      label={`Token for region ${region}${name ? ` (${name})` : ''}`}
      secret={props.secret}
      done={adminPaths.probeTokens}
    >
      <p>
        Give it to the probe agent of region <strong safe>{region}</strong>:{' '}
        <code>vigil serve --role probe --token …</code>
      </p>
    </SecretOncePage>
  );
}
