// One incident in the admin: what visitors see (updates with rendered Markdown), the form to post
// the next update with component statuses, editing its title and impact, and deletion.
import type { IncidentDetail } from '../../../store/incident-repository.js';
import type { ComponentRow, PageRow } from '../../../store/schema.js';
import { incidentPath } from '../../public/links.js';
import { adminPaths } from '../paths.js';
import {
  IMPACT_CHOICES,
  INCIDENT_STATUS_CHOICES,
  ImpactBadge,
  StatusBadge,
  When,
} from './common.js';
import {
  ErrorSummary,
  PostForm,
  Select,
  TextArea,
  TextField,
  type FormState,
} from './form-controls.js';
import { ComponentStatusFields, MARKDOWN_HINT } from './incident-forms.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { UpdateTimeline } from './update-timeline.js';

export function IncidentPage(props: {
  view: AdminView;
  incident: IncidentDetail;
  page: PageRow;
  components: ComponentRow[];
  updateForm: FormState;
  editForm: FormState;
}) {
  const { incident, page, view } = props;
  const zone = page.time_zone;
  return (
    <Layout view={view} title={incident.name} section="incidents">
      <PageHeader
        title={incident.name}
        crumbs={[
          ['Incidents', adminPaths.incidents],
          [page.name, adminPaths.page(page.id)],
        ]}
      >
        <a class="button" href={incidentPath(page, incident.id)}>
          View public page
        </a>
      </PageHeader>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={incident.status} />
          </dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>
            <ImpactBadge impact={incident.impact} />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <When at={incident.started_at} timeZone={zone} />
          </dd>
        </div>
        {incident.resolved_at ? (
          <div>
            <dt>Resolved</dt>
            <dd>
              <When at={incident.resolved_at} timeZone={zone} />
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>

      <div class="two-columns">
        <section class="panel" aria-labelledby="post-update-title">
          <h2 id="post-update-title">Post an update</h2>
          <ErrorSummary errors={props.updateForm.errors} />
          <PostForm action={adminPaths.incidentUpdates(incident.id)} csrf={view.csrf}>
            <Select
              form={props.updateForm}
              name="status"
              label="Status"
              choices={INCIDENT_STATUS_CHOICES}
            />
            <TextArea
              form={props.updateForm}
              name="body"
              label="Message"
              hint={MARKDOWN_HINT}
              required
              rows={5}
            />
            <ComponentStatusFields
              form={props.updateForm}
              components={props.components}
              legend="Component statuses"
            />
            <button type="submit" class="button primary">
              Post update
            </button>
          </PostForm>
        </section>

        <section class="panel" aria-labelledby="updates-title">
          <h2 id="updates-title">Updates</h2>
          <UpdateTimeline updates={incident.updates} timeZone={zone} />
        </section>
      </div>

      <section class="panel" aria-labelledby="edit-title">
        <h2 id="edit-title">Edit incident</h2>
        <ErrorSummary errors={props.editForm.errors} />
        <PostForm
          action={adminPaths.incident(incident.id)}
          csrf={view.csrf}
          class="field-row align-end"
        >
          <TextField form={props.editForm} name="name" label="Title" required maxlength={300} />
          <Select form={props.editForm} name="impact" label="Impact" choices={IMPACT_CHOICES} />
          <button type="submit" class="button">
            Save
          </button>
        </PostForm>
      </section>

      <section class="panel danger-zone" aria-labelledby="danger-title">
        <h2 id="danger-title">Delete this incident</h2>
        <p>
          Deleting removes it and its updates from the page and the feeds. Component statuses stay
          as they are.
        </p>
        <a class="button danger" href={adminPaths.deleteIncident(incident.id)}>
          Delete incident…
        </a>
      </section>
    </Layout>
  );
}
