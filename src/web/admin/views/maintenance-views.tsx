// Scheduling a maintenance window (times in the page's own time zone) and its admin page.
import type { IncidentDetail } from '../../../store/incident-repository.js';
import type { ComponentRow, PageRow } from '../../../store/schema.js';
import { incidentPath } from '../../public/links.js';
import { adminPaths } from '../paths.js';
import { MAINTENANCE_STATUS_CHOICES, StatusBadge, When } from './common.js';
import {
  Checkbox,
  ErrorSummary,
  PostForm,
  Select,
  TextArea,
  TextField,
  fieldId,
  type FormState,
} from './form-controls.js';
import { MARKDOWN_HINT } from './incident-forms.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { UpdateTimeline } from './update-timeline.js';

function ScheduleFields({ form, page }: { form: FormState; page: PageRow }) {
  const zone = `Date and time in ${page.time_zone}, the page's time zone`;
  return (
    <div class="field-row">
      <TextField
        form={form}
        name="scheduled_for"
        label="Starts"
        type="datetime-local"
        hint={zone}
        required
      />
      <TextField
        form={form}
        name="scheduled_until"
        label="Ends"
        type="datetime-local"
        hint={zone}
        required
      />
    </div>
  );
}

function AutoTransition({ form }: { form: FormState }) {
  return (
    <Checkbox
      form={form}
      name="auto_transition"
      label="Move to “in progress” and “completed” by itself at these times"
      checked={form.values.auto_transition !== undefined}
    />
  );
}

function ComponentChoices({ form, components }: { form: FormState; components: ComponentRow[] }) {
  const chosen = new Set(
    Array.isArray(form.values.component_ids)
      ? form.values.component_ids
      : [form.values.component_ids ?? ''],
  );
  const error = form.errors.component_ids;
  return (
    <fieldset class={error ? 'has-error' : ''} id={fieldId('component_ids')}>
      <legend>Affected components</legend>
      <p class="hint">They show “under maintenance” while it is in progress.</p>
      {error ? (
        <p class="field-error" safe>
          {error}
        </p>
      ) : (
        ''
      )}
      {components.length === 0 ? <p class="muted">This page has no components yet.</p> : ''}
      {components.map((component) => (
        <Checkbox
          form={form}
          name="component_ids"
          id={fieldId(`component_ids-${component.id}`)}
          value={component.id}
          label={component.name}
          checked={chosen.has(component.id)}
        />
      ))}
    </fieldset>
  );
}

export function NewMaintenancePage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  components: ComponentRow[];
}) {
  const { form, page } = props;
  return (
    <Layout view={props.view} title="Schedule maintenance" section="maintenances">
      <PageHeader
        title="Schedule maintenance"
        crumbs={[
          ['Maintenance', adminPaths.maintenances],
          [page.name, adminPaths.page(page.id)],
        ]}
        lead={`On the page “${page.name}”.`}
      />
      <div class="card form-card">
        <ErrorSummary errors={form.errors} />
        <PostForm action={adminPaths.maintenances} csrf={props.view.csrf}>
          <input type="hidden" name="page_id" value={page.id} />
          <TextField
            form={form}
            name="name"
            label="Title"
            hint="e.g. “Database upgrade”"
            required
            maxlength={300}
          />
          <TextArea
            form={form}
            name="body"
            label="Message"
            hint={MARKDOWN_HINT}
            required
            rows={5}
          />
          <ScheduleFields form={form} page={page} />
          <ComponentChoices form={form} components={props.components} />
          <AutoTransition form={form} />
          <div class="button-row">
            <button type="submit" class="button primary">
              Schedule
            </button>
            <a class="button subtle" href={adminPaths.maintenances}>
              Cancel
            </a>
          </div>
        </PostForm>
      </div>
    </Layout>
  );
}

export function MaintenancePage(props: {
  view: AdminView;
  maintenance: IncidentDetail;
  page: PageRow;
  updateForm: FormState;
  editForm: FormState;
}) {
  const { maintenance, page, view } = props;
  const zone = page.time_zone;
  return (
    <Layout view={view} title={maintenance.name} section="maintenances">
      <PageHeader
        title={maintenance.name}
        crumbs={[
          ['Maintenance', adminPaths.maintenances],
          [page.name, adminPaths.page(page.id)],
        ]}
      >
        <a class="button" href={incidentPath(page, maintenance.id)}>
          View public page
        </a>
      </PageHeader>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={maintenance.status} />
          </dd>
        </div>
        <div>
          <dt>Window</dt>
          <dd>
            <When at={maintenance.scheduled_for!} timeZone={zone} /> –{' '}
            <When at={maintenance.scheduled_until!} timeZone={zone} />
          </dd>
        </div>
        <div>
          <dt>Moves by itself</dt>
          <dd>{maintenance.auto_transition ? 'Yes' : 'No'}</dd>
        </div>
      </dl>

      <div class="two-columns">
        <section class="panel" aria-labelledby="post-update-title">
          <h2 id="post-update-title">Post an update</h2>
          <ErrorSummary errors={props.updateForm.errors} />
          <PostForm action={adminPaths.maintenanceUpdates(maintenance.id)} csrf={view.csrf}>
            <Select
              form={props.updateForm}
              name="status"
              label="Status"
              choices={MAINTENANCE_STATUS_CHOICES}
            />
            <TextArea
              form={props.updateForm}
              name="body"
              label="Message"
              hint={MARKDOWN_HINT}
              required
              rows={4}
            />
            <button type="submit" class="button primary">
              Post update
            </button>
          </PostForm>
        </section>
        <section class="panel" aria-labelledby="updates-title">
          <h2 id="updates-title">Updates</h2>
          <UpdateTimeline updates={maintenance.updates} timeZone={zone} />
        </section>
      </div>

      <section class="panel" aria-labelledby="edit-title">
        <h2 id="edit-title">Edit maintenance</h2>
        <ErrorSummary errors={props.editForm.errors} />
        <PostForm action={adminPaths.maintenance(maintenance.id)} csrf={view.csrf}>
          <TextField form={props.editForm} name="name" label="Title" required maxlength={300} />
          <ScheduleFields form={props.editForm} page={page} />
          <AutoTransition form={props.editForm} />
          <button type="submit" class="button">
            Save
          </button>
        </PostForm>
      </section>

      <section class="panel danger-zone" aria-labelledby="danger-title">
        <h2 id="danger-title">Delete this maintenance</h2>
        <a class="button danger" href={adminPaths.deleteMaintenance(maintenance.id)}>
          Delete maintenance…
        </a>
      </section>
    </Layout>
  );
}
