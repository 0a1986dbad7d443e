// Forms of component groups and components.
import type { ComponentGroupRow, ComponentRow, PageRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { COMPONENT_STATUS_CHOICES } from './common.js';
import { DangerZone } from './deletion.js';
import { Checkbox, Select, TextArea, TextField, type FormState } from './form-controls.js';
import { FormPage } from './form-page.js';
import type { AdminView } from './layout.js';

export function groupFormValues(group: ComponentGroupRow): Record<string, string> {
  return { name: group.name, description: group.description, position: String(group.position) };
}

export function componentFormValues(component: ComponentRow): Record<string, string> {
  return {
    name: component.name,
    description: component.description,
    status: component.status,
    group_id: component.group_id ?? '',
    position: String(component.position),
    start_date: component.start_date ?? '',
    ...(component.showcase ? { showcase: 'true' } : {}),
    ...(component.only_show_if_degraded ? { only_show_if_degraded: 'true' } : {}),
    ...(component.auto_incident ? { auto_incident: 'true' } : {}),
  };
}

/** Groups and components are ordered on the page; a new one without a position goes last. */
function PositionField({ form, editing }: { form: FormState; editing: boolean }) {
  return (
    <TextField
      form={form}
      name="position"
      label="Position"
      type="number"
      inputmode="numeric"
      hint={
        editing
          ? 'Lower numbers come first'
          : 'Optional; lower numbers come first, empty puts it last'
      }
    />
  );
}

/** Both forms belong to a page: they come from it, and go back to it. */
const pageCrumbs = (page: PageRow) =>
  [
    ['Pages', adminPaths.pages],
    [page.name, adminPaths.page(page.id)],
  ] as const;

export function GroupFormPage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  group?: ComponentGroupRow;
}) {
  const { form, page, group } = props;
  return (
    <FormPage
      view={props.view}
      section="pages"
      title={group ? `Edit group ${group.name}` : 'New component group'}
      crumbs={pageCrumbs(page)}
      lead="Groups gather related components under one heading, e.g. “Europe” or “Core services”."
      form={form}
      action={group ? adminPaths.group(group.id) : adminPaths.groups(page.id)}
      submit={group ? 'Save group' : 'Create group'}
      cancel={adminPaths.page(page.id)}
      after={group ? <DangerZone what="group" href={adminPaths.deleteGroup(group.id)} /> : ''}
    >
      <TextField form={form} name="name" label="Name" required maxlength={200} />
      <TextArea form={form} name="description" label="Description" hint="Optional" rows={2} />
      <PositionField form={form} editing={group !== undefined} />
    </FormPage>
  );
}

export function ComponentFormPage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  groups: ComponentGroupRow[];
  component?: ComponentRow;
  /** The box of channels hearing about the component (notification-box.tsx). */
  notifications?: JSX.Element;
}) {
  const { form, page, component } = props;
  const groupChoices = [
    ['', 'No group'] as const,
    ...props.groups.map((g) => [g.id, g.name] as const),
  ];
  return (
    <FormPage
      view={props.view}
      section="pages"
      title={component ? `Edit ${component.name}` : 'New component'}
      crumbs={pageCrumbs(page)}
      form={form}
      action={component ? adminPaths.component(component.id) : adminPaths.components(page.id)}
      submit={component ? 'Save component' : 'Create component'}
      cancel={adminPaths.page(page.id)}
      after={
        component ? (
          <>
            {(props.notifications ?? '') as 'safe'}
            <DangerZone what="component" href={adminPaths.deleteComponent(component.id)} />
          </>
        ) : (
          ''
        )
      }
    >
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="As visitors know it, e.g. “API”"
        required
        maxlength={200}
      />
      <TextArea
        form={form}
        name="description"
        label="Description"
        hint="Optional; shown beside the component"
        rows={2}
      />
      <Select form={form} name="status" label="Status" choices={COMPONENT_STATUS_CHOICES} />
      <Select form={form} name="group_id" label="Group" choices={groupChoices} />
      <PositionField form={form} editing={component !== undefined} />
      <TextField
        form={form}
        name="start_date"
        label="Start date"
        type="date"
        hint="Optional; the day it went live (YYYY-MM-DD), uptime is counted from then"
      />
      <fieldset>
        <legend>Display</legend>
        <Checkbox
          form={form}
          name="showcase"
          label="Showcase: show its uptime history on the public page"
        />
        <Checkbox
          form={form}
          name="only_show_if_degraded"
          label="Only show it when it is not operational"
        />
      </fieldset>
      <fieldset>
        <legend>Monitoring</legend>
        <Checkbox
          form={form}
          name="auto_incident"
          label="Open an incident automatically when its monitors go down, and resolve it when they recover"
        />
      </fieldset>
    </FormPage>
  );
}
