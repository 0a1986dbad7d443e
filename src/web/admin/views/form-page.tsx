// The frame of an admin page that is one form: heading with breadcrumbs, the error summary, the
// form in a card, and its submit and cancel buttons.
import { ErrorSummary, PostForm, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminSection, type AdminView } from './layout.js';

/** The submit button and the way back without saving. */
export function FormButtons({ submit, cancel }: { submit: string; cancel: string }) {
  return (
    <div class="button-row">
      <button type="submit" class="button primary" safe>
        {submit}
      </button>
      <a class="button subtle" href={cancel}>
        Cancel
      </a>
    </div>
  );
}

export function FormPage(props: {
  view: AdminView;
  section: AdminSection;
  title: string;
  crumbs: ReadonlyArray<readonly [label: string, href: string]>;
  lead?: string;
  form: FormState;
  /** Where the form posts. */
  action: string;
  submit: string;
  cancel: string;
  /** The fields, in order. */
  children: JSX.Element | JSX.Element[];
  /** Shown below the form's card, e.g. the danger zone of an existing thing. */
  after?: JSX.Element;
}) {
  return (
    <Layout view={props.view} title={props.title} section={props.section}>
      <PageHeader title={props.title} crumbs={props.crumbs} lead={props.lead} />
      <div class="card form-card">
        <ErrorSummary errors={props.form.errors} />
        <PostForm action={props.action} csrf={props.view.csrf}>
          {props.children as 'safe'}
          <FormButtons submit={props.submit} cancel={props.cancel} />
        </PostForm>
      </div>
      {props.after as 'safe'}
    </Layout>
  );
}
