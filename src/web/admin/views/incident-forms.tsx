// Choosing the page an incident or maintenance is for, and opening an incident on it.
import { COMPONENT_STATUS_LABELS, isComponentStatus } from '../../../domain/status.js';
import type { ComponentRow, PageRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { COMPONENT_STATUS_CHOICES, IMPACT_CHOICES, INCIDENT_STATUS_CHOICES } from './common.js';
import {
  ErrorSummary,
  PostForm,
  Select,
  TextArea,
  TextField,
  type FormState,
} from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export const MARKDOWN_HINT =
  'Markdown: **bold**, _italic_, [links](https://example.com), lists. Shown to visitors.';

/** A page has to be chosen first, because the form lists that page's components (no script needed). */
export function ChoosePagePage(props: {
  view: AdminView;
  kind: 'incident' | 'maintenance';
  pages: PageRow[];
}) {
  const maintenance = props.kind === 'maintenance';
  const title = maintenance ? 'Schedule maintenance' : 'Open an incident';
  return (
    <Layout view={props.view} title={title} section={maintenance ? 'maintenances' : 'incidents'}>
      <PageHeader title={title} />
      <div class="card form-card">
        {props.pages.length === 0 ? (
          <p>
            Create a status page first. <a href={adminPaths.newPage}>New page</a>
          </p>
        ) : (
          <form
            method="get"
            action={maintenance ? adminPaths.newMaintenance : adminPaths.newIncident}
          >
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

/** One select per component: leave it, or give it a new status with this update. */
export function ComponentStatusFields(props: {
  form: FormState;
  components: ComponentRow[];
  legend: string;
}) {
  if (props.components.length === 0) {
    return <p class="muted">This page has no components yet.</p>;
  }
  return (
    <fieldset class="component-statuses">
      <legend safe>{props.legend}</legend>
      <p class="hint">Leave “No change” for components this does not affect.</p>
      {props.components.map((component) => {
        const now = isComponentStatus(component.status)
          ? COMPONENT_STATUS_LABELS[component.status]
          : component.status;
        return (
          <Select
            form={props.form}
            name={`components.${component.id}`}
            label={`${component.name} (now ${now.toLowerCase()})`}
            choices={[['', 'No change'], ...COMPONENT_STATUS_CHOICES]}
            compact
          />
        );
      })}
    </fieldset>
  );
}

export function NewIncidentPage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  components: ComponentRow[];
}) {
  const { form, page } = props;
  return (
    <Layout view={props.view} title="Open an incident" section="incidents">
      <PageHeader
        title="Open an incident"
        crumbs={[
          ['Incidents', adminPaths.incidents],
          [page.name, adminPaths.page(page.id)],
        ]}
        lead={`On the page “${page.name}”; visitors see it as soon as it is opened.`}
      />
      <div class="card form-card">
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.incidents} csrf={props.view.csrf}>
          <input type="hidden" name="page_id" value={page.id} />
          <TextField
            form={form}
            name="name"
            label="Title"
            hint="e.g. “Elevated API error rates”"
            required
            maxlength={300}
          />
          <div class="field-row">
            <Select
              form={form}
              name="status"
              label="Status"
              choices={INCIDENT_STATUS_CHOICES.filter(([s]) => s !== 'postmortem')}
            />
            <Select form={form} name="impact" label="Impact" choices={IMPACT_CHOICES} />
          </div>
          <TextArea
            form={form}
            name="body"
            label="Message"
            hint={MARKDOWN_HINT}
            required
            rows={6}
          />
          <ComponentStatusFields
            form={form}
            components={props.components}
            legend="Affected components"
          />
          <div class="button-row">
            <button type="submit" class="button primary">
              Open incident
            </button>
            <a class="button subtle" href={adminPaths.incidents}>
              Cancel
            </a>
          </div>
        </PostForm>
      </div>
    </Layout>
  );
}
