// The pages an incident and a maintenance share, each kind filling in its own fields: choosing the
// status page, the form that creates one, and its own page with updates, editing and deletion.
import type { IncidentDetail } from '../../../store/incident-repository.js';
import type { ComponentRow, PageRow } from '../../../store/schema.js';
import { incidentPath } from '../../public/links.js';
import type { AdminIncidentKind } from '../incident-kinds.js';
import { adminPaths } from '../paths.js';
import { Fact, StatusBadge } from './common.js';
import { DangerZone } from './deletion.js';
import { ErrorSummary, PostForm, Select, type Choice, type FormState } from './form-controls.js';
import { FormPage } from './form-page.js';
import { MessageField } from './incident-fields.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { UpdateTimeline } from './update-timeline.js';

const crumbs = (kind: AdminIncidentKind, page: PageRow) =>
  [
    [kind.sectionTitle, kind.paths.list],
    [page.name, adminPaths.page(page.id)],
  ] as const;

/** A page has to be chosen first, because the form lists that page's components (no script needed). */
export function ChoosePagePage(props: {
  view: AdminView;
  kind: AdminIncidentKind;
  pages: PageRow[];
}) {
  const { kind } = props;
  return (
    <Layout view={props.view} title={kind.newTitle} section={kind.section}>
      <PageHeader title={kind.newTitle} />
      <div class="card form-card">
        {props.pages.length === 0 ? (
          <p>
            Create a status page first. <a href={adminPaths.newPage}>New page</a>
          </p>
        ) : (
          <form method="get" action={kind.paths.newForm}>
            <div class="field">
              <label for="f-page">Status page</label>
              <select id="f-page" name="page">
                {props.pages.map((page) => (
                  <option value={page.id} safe>
                    {page.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button primary">
              Continue
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}

/** What the shared routes give the form that creates one: the form, its page and the page's components. */
export interface NewIncidentProps {
  view: AdminView;
  form: FormState;
  page: PageRow;
  components: ComponentRow[];
}

/** What the shared routes give the page of one: both its forms, as new or as rejected. */
export interface IncidentPageProps {
  view: AdminView;
  incident: IncidentDetail;
  page: PageRow;
  components: ComponentRow[];
  updateForm: FormState;
  editForm: FormState;
}

export function NewIncidentFrame(props: {
  view: AdminView;
  kind: AdminIncidentKind;
  page: PageRow;
  form: FormState;
  lead: string;
  submit: string;
  children: JSX.Element | JSX.Element[];
}) {
  const { kind, page } = props;
  return (
    <FormPage
      view={props.view}
      section={kind.section}
      title={kind.newTitle}
      crumbs={crumbs(kind, page)}
      lead={props.lead}
      form={props.form}
      action={kind.paths.list}
      submit={props.submit}
      cancel={kind.paths.list}
    >
      <input type="hidden" name="page_id" value={page.id} />
      {props.children as 'safe'}
    </FormPage>
  );
}

export function IncidentFrame(props: {
  view: AdminView;
  kind: AdminIncidentKind;
  incident: IncidentDetail;
  page: PageRow;
  /** Facts listed after the status. */
  facts: JSX.Element;
  updateForm: FormState;
  statusChoices: readonly Choice[];
  messageRows: number;
  /** What else an update sets, after its status and message. */
  updateFields?: JSX.Element;
  editForm: FormState;
  editFields: JSX.Element;
  editClass?: string;
  deleteNote?: string;
}) {
  const { kind, incident, page, view } = props;
  return (
    <Layout view={view} title={incident.name} section={kind.section}>
      <PageHeader title={incident.name} crumbs={crumbs(kind, page)}>
        <a class="button" href={incidentPath(page, incident.id)}>
          View public page
        </a>
      </PageHeader>
      <dl class="facts">
        <Fact term="Status">
          <StatusBadge status={incident.status} />
        </Fact>
        {props.facts as 'safe'}
      </dl>

      <div class="two-columns">
        <section class="panel" aria-labelledby="post-update-title">
          <h2 id="post-update-title">Post an update</h2>
          <ErrorSummary errors={props.updateForm.errors} />
          <PostForm action={kind.paths.updates(incident.id)} csrf={view.csrf}>
            <Select
              form={props.updateForm}
              name="status"
              label="Status"
              choices={props.statusChoices}
            />
            <MessageField form={props.updateForm} rows={props.messageRows} />
            {props.updateFields as 'safe'}
            <button type="submit" class="button primary">
              Post update
            </button>
          </PostForm>
        </section>

        <section class="panel" aria-labelledby="updates-title">
          <h2 id="updates-title">Updates</h2>
          <UpdateTimeline
            updates={incident.updates}
            timeZone={page.time_zone}
            editHref={(updateId) => kind.paths.editUpdate(incident.id, updateId)}
          />
        </section>
      </div>

      <section class="panel" aria-labelledby="edit-title">
        <h2 id="edit-title" safe>{`Edit ${kind.noun}`}</h2>
        <ErrorSummary errors={props.editForm.errors} />
        <PostForm action={kind.paths.one(incident.id)} csrf={view.csrf} class={props.editClass}>
          {props.editFields as 'safe'}
          <button type="submit" class="button">
            Save
          </button>
        </PostForm>
      </section>

      <DangerZone what={kind.noun} href={kind.paths.delete(incident.id)} note={props.deleteNote} />
    </Layout>
  );
}
