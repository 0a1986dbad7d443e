// API keys in the admin: the list with a create form, and the one page that ever shows a secret.
import { escapeHtml } from '@kitajs/html';
import type { ApiKeyRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { EmptyState, Pagination, When } from './common.js';
import { RevokeState, WhenOrNever } from './credential-cells.js';
import { ErrorSummary, PostForm, Select, TextField, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { SecretOncePage } from './secret-once.js';

const SCOPES = [
  ['read', 'Read: list and view'],
  ['write', 'Write: also create, change and delete'],
] as const;

function KeyTable({ keys }: { keys: ApiKeyRow[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key starts with</th>
            <th scope="col">Scope</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr class={key.revoked_at ? 'revoked' : ''}>
              <th scope="row" safe>
                {key.name}
              </th>
              <td data-label="Key starts with">
                <code safe>{`${key.prefix}…`}</code>
              </td>
              <td data-label="Scope">{key.scope}</td>
              <td data-label="Created">
                <When at={key.created_at} timeZone="Etc/UTC" />
              </td>
              <td data-label="Last used">
                <WhenOrNever at={key.last_used_at} />
              </td>
              <td data-label="State">
                <RevokeState
                  revokedAt={key.revoked_at}
                  href={adminPaths.revokeApiKey(key.id)}
                  name={key.name}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ApiKeyListPage(props: {
  view: AdminView;
  form: FormState;
  /** One page of keys, newest first. */
  keys: ApiKeyRow[];
  paging: { page: number; pageSize: number; total: number };
}) {
  return (
    <Layout view={props.view} title="API keys" section="api-keys">
      <PageHeader
        title="API keys"
        lead="Keys let scripts and tools use the management API with Authorization: Bearer <key>."
      >
        <a class="button" href={adminPaths.apiDocs}>
          API documentation
        </a>
      </PageHeader>
      <section class="panel" aria-labelledby="create-title">
        <h2 id="create-title">Create a key</h2>
        <ErrorSummary errors={props.form.errors} />
        <PostForm action={adminPaths.apiKeys} csrf={props.view.csrf} class="field-row align-end">
          <TextField
            form={props.form}
            name="name"
            label="Name"
            hint="What uses it, e.g. “deploy script”"
            required
            maxlength={100}
          />
          <Select form={props.form} name="scope" label="Scope" choices={SCOPES} />
          <button type="submit" class="button primary">
            Create key
          </button>
        </PostForm>
      </section>
      <section class="panel" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        {props.keys.length > 0 ? (
          <>
            <KeyTable keys={props.keys} />
            <Pagination base={adminPaths.apiKeys} {...props.paging} />
          </>
        ) : (
          <EmptyState>
            <p>No API key yet.</p>
          </EmptyState>
        )}
      </section>
    </Layout>
  );
}

export function NewApiKeyPage(props: { view: AdminView; apiKey: ApiKeyRow; secret: string }) {
  return (
    <SecretOncePage
      view={props.view}
      section="api-keys"
      title="API key created"
      crumbs={[['API keys', adminPaths.apiKeys]]}
      what="key"
      ifLost="revoke it and create another"
      label={`Key “${props.apiKey.name}” (scope ${props.apiKey.scope})`}
      secret={props.secret}
      done={adminPaths.apiKeys}
    >
      <p>
        Use it as <code>{escapeHtml('Authorization: Bearer <key>')}</code>. See the{' '}
        <a href={adminPaths.apiDocs}>API documentation</a>.
      </p>
    </SecretOncePage>
  );
}
