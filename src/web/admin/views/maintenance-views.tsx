// What is particular to a scheduled maintenance in the admin: its window, typed and shown in the
// page's own time zone, the components it takes over, and whether it moves on by itself.
import type { PageRow } from '../../../store/schema.js';
import { ADMIN_MAINTENANCE } from '../incident-kinds.js';
import { Fact, MAINTENANCE_STATUS_CHOICES, When } from './common.js';
import { Checkbox, TextField, type FormState } from './form-controls.js';
import { ComponentChoices, MessageField, TitleField } from './incident-fields.js';
import {
  IncidentFrame,
  NewIncidentFrame,
  type IncidentPageProps,
  type NewIncidentProps,
} from './incident-frames.js';

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
    />
  );
}

export function NewMaintenancePage(props: NewIncidentProps) {
  const { form, page } = props;
  return (
    <NewIncidentFrame
      view={props.view}
      kind={ADMIN_MAINTENANCE}
      page={page}
      form={form}
      lead={`On the page “${page.name}”.`}
      submit="Schedule"
    >
      <TitleField form={form} hint="e.g. “Database upgrade”" />
      <MessageField form={form} rows={5} />
      <ScheduleFields form={form} page={page} />
      <ComponentChoices form={form} components={props.components} />
      <AutoTransition form={form} />
    </NewIncidentFrame>
  );
}

/** A maintenance's page; its updates do not set component statuses, its status does. */
export function MaintenancePage(props: Omit<IncidentPageProps, 'components'>) {
  const { incident: maintenance, page, editForm } = props;
  const zone = page.time_zone;
  return (
    <IncidentFrame
      view={props.view}
      kind={ADMIN_MAINTENANCE}
      incident={maintenance}
      page={page}
      facts={
        <>
          <Fact term="Window">
            <When at={maintenance.scheduled_for!} timeZone={zone} /> –{' '}
            <When at={maintenance.scheduled_until!} timeZone={zone} />
          </Fact>
          <Fact term="Moves by itself">{maintenance.auto_transition ? 'Yes' : 'No'}</Fact>
        </>
      }
      updateForm={props.updateForm}
      statusChoices={MAINTENANCE_STATUS_CHOICES}
      messageRows={4}
      editForm={editForm}
      editFields={
        <>
          <TitleField form={editForm} />
          <ScheduleFields form={editForm} page={page} />
          <AutoTransition form={editForm} />
        </>
      }
    />
  );
}
