// The one page that ever shows a new secret (API key, probe token, heartbeat URL): a warning that
// it is shown once, the secret in a read-only field to copy, how to use it, and the way on.
import { Layout, PageHeader, type AdminSection, type AdminView } from './layout.js';

export function SecretOncePage(props: {
  view: AdminView;
  section: AdminSection;
  title: string;
  crumbs: ReadonlyArray<readonly [label: string, href: string]>;
  /** What it is, in the warning: "key", "token", "URL". */
  what: string;
  /** What to do when it is lost, e.g. "revoke it and create another". */
  ifLost: string;
  label: string;
  secret: string;
  /** Where Done leads. */
  done: string;
  /** How to use it. */
  children: JSX.Element | JSX.Element[];
}) {
  return (
    <Layout view={props.view} title={props.title} section={props.section}>
      <PageHeader title={props.title} crumbs={props.crumbs} />
      <div class="card">
        <div class="warning" role="alert">
          <p>
            <strong safe>{`Copy this ${props.what} now.`}</strong>
            <span safe>
              {` It is shown only once: Vigil keeps only a hash of it and cannot show it again. If you lose it, ${props.ifLost}.`}
            </span>
          </p>
        </div>
        <div class="field">
          <label for="f-secret" safe>
            {props.label}
          </label>
          <input
            id="f-secret"
            class="secret"
            type="text"
            readonly
            value={props.secret}
            autocomplete="off"
            spellcheck="false"
          />
        </div>
        {props.children as 'safe'}
        <p>
          <a class="button primary" href={props.done}>
            Done
          </a>
        </p>
      </div>
    </Layout>
  );
}
