// What is particular to an incident in the admin: opening one with its status, impact and the
// statuses it gives components, and its page showing impact and when it started and ended.
import { ADMIN_INCIDENT } from '../incident-kinds.js';
import { Fact, IMPACT_CHOICES, INCIDENT_STATUS_CHOICES, ImpactBadge, When } from './common.js';
import { Select } from './form-controls.js';
import { ComponentStatusFields, MessageField, TitleField } from './incident-fields.js';
import {
  IncidentFrame,
  NewIncidentFrame,
  type IncidentPageProps,
  type NewIncidentProps,
} from './incident-frames.js';

export function NewIncidentPage(props: NewIncidentProps) {
  const { form, page } = props;
  return (
    <NewIncidentFrame
      view={props.view}
      kind={ADMIN_INCIDENT}
      page={page}
      form={form}
      lead={`On the page “${page.name}”; visitors see it as soon as it is opened.`}
      submit="Open incident"
    >
      <TitleField form={form} hint="e.g. “Elevated API error rates”" />
      <div class="field-row">
        <Select
          form={form}
          name="status"
          label="Status"
          choices={INCIDENT_STATUS_CHOICES.filter(([s]) => s !== 'postmortem')}
        />
        <Select form={form} name="impact" label="Impact" choices={IMPACT_CHOICES} />
      </div>
      <MessageField form={form} rows={6} />
      <ComponentStatusFields
        form={form}
        components={props.components}
        legend="Affected components"
      />
    </NewIncidentFrame>
  );
}

export function IncidentPage(props: IncidentPageProps) {
  const { incident, page, editForm } = props;
  const zone = page.time_zone;
  return (
    <IncidentFrame
      view={props.view}
      kind={ADMIN_INCIDENT}
      incident={incident}
      page={page}
      facts={
        <>
          <Fact term="Impact">
            <ImpactBadge impact={incident.impact} />
          </Fact>
          <Fact term="Started">
            <When at={incident.started_at} timeZone={zone} />
          </Fact>
          {incident.resolved_at ? (
            <Fact term="Resolved">
              <When at={incident.resolved_at} timeZone={zone} />
            </Fact>
          ) : (
            ''
          )}
        </>
      }
      updateForm={props.updateForm}
      statusChoices={INCIDENT_STATUS_CHOICES}
      messageRows={5}
      updateFields={
        <ComponentStatusFields
          form={props.updateForm}
          components={props.components}
          legend="Component statuses"
        />
      }
      editForm={editForm}
      editClass="field-row align-end"
      editFields={
        <>
          <TitleField form={editForm} />
          <Select form={editForm} name="impact" label="Impact" choices={IMPACT_CHOICES} />
        </>
      }
      deleteNote="Deleting removes it and its updates from the page and the feeds. Component statuses stay as they are."
    />
  );
}
