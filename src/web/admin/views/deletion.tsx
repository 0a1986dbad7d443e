// Deleting in the admin takes two steps: the danger zone on a thing's page links to a page that
// asks "are you sure?", whose form posts the deletion.
import { PostForm } from './form-controls.js';
import { Layout, PageHeader, type AdminSection, type AdminView } from './layout.js';

/** The last panel of a thing's page, set apart so the link is not followed by mistake. */
export function DangerZone(props: { what: string; href: string; note?: string }) {
  return (
    <section class="panel danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title" safe>{`Delete this ${props.what}`}</h2>
      {props.note ? <p safe>{props.note}</p> : ''}
      <a class="button danger" href={props.href} safe>
        {`Delete ${props.what}…`}
      </a>
    </section>
  );
}

/** "Are you sure?" before something that cannot be undone; the form posts the deletion. */
export function ConfirmPage(props: {
  view: AdminView;
  section: AdminSection;
  title: string;
  message: string;
  action: string;
  button: string;
  cancel: string;
}) {
  return (
    <Layout view={props.view} title={props.title} section={props.section}>
      <div class="narrow card">
        <PageHeader title={props.title} />
        <p safe>{props.message}</p>
        <PostForm action={props.action} csrf={props.view.csrf} class="button-row">
          <button type="submit" class="button danger" safe>
            {props.button}
          </button>
          <a class="button subtle" href={props.cancel}>
            Cancel
          </a>
        </PostForm>
      </div>
    </Layout>
  );
}
