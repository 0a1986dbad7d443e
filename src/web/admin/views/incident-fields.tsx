// Form fields of incidents and maintenances: the title, the Markdown message visitors read, and
// the components it concerns (a status per component for an incident, a choice for a maintenance).
import { COMPONENT_STATUS_LABELS, isComponentStatus } from '../../../domain/status.js';
import type { ComponentRow } from '../../../store/schema.js';
import { COMPONENT_STATUS_CHOICES } from './common.js';
import { Checkbox, Select, TextArea, TextField, fieldId, type FormState } from './form-controls.js';

const MARKDOWN_HINT =
  'Markdown: **bold**, _italic_, [links](https://example.com), lists. Shown to visitors.';

export function TitleField({ form, hint }: { form: FormState; hint?: string }) {
  return <TextField form={form} name="name" label="Title" hint={hint} required maxlength={300} />;
}

/** The text of an update (or of the first one), rendered from Markdown on the public page. */
export function MessageField({ form, rows }: { form: FormState; rows: number }) {
  return (
    <TextArea form={form} name="body" label="Message" hint={MARKDOWN_HINT} required rows={rows} />
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

/** A checkbox per component; a maintenance sets the chosen ones itself while it is in progress. */
export function ComponentChoices(props: { form: FormState; components: ComponentRow[] }) {
  const { form, components } = props;
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
