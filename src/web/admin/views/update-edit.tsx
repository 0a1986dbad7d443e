// The form that corrects an update already posted on an incident or maintenance: its message and
// the time it is shown at, typed in the page's time zone.
import type {
  IncidentDetail,
  IncidentUpdateWithComponents,
} from '../../../store/incident-repository.js';
import type { PageRow } from '../../../store/schema.js';
import type { AdminIncidentKind } from '../incident-kinds.js';
import { formatInZone } from '../zoned-time.js';
import { statusLabel } from './common.js';
import { TextField, type FormState } from './form-controls.js';
import { FormPage } from './form-page.js';
import { MessageField } from './incident-fields.js';
import type { AdminView } from './layout.js';

export function EditUpdatePage(props: {
  view: AdminView;
  kind: AdminIncidentKind;
  incident: IncidentDetail;
  update: IncidentUpdateWithComponents;
  page: PageRow;
  form: FormState;
}) {
  const { kind, incident, update, page, form } = props;
  const back = kind.paths.one(incident.id);
  return (
    <FormPage
      view={props.view}
      section={kind.section}
      title="Edit update"
      crumbs={[
        [kind.sectionTitle, kind.paths.list],
        [incident.name, back],
      ]}
      lead={`The “${statusLabel(update.status)}” update first posted ${formatInZone(update.created_at, page.time_zone)}. Its status and component changes stay as they are; visitors see the new text at once.`}
      form={form}
      action={kind.paths.editUpdate(incident.id, update.id)}
      submit="Save update"
      cancel={back}
    >
      <MessageField form={form} rows={6} />
      <TextField
        form={form}
        name="display_at"
        label="Shown as posted at"
        type="datetime-local"
        hint={`Date and time in ${page.time_zone}, the page's time zone; updates are listed by this time`}
        required
      />
    </FormPage>
  );
}
