// Forms of component groups and components.
import type { ComponentGroupRow, ComponentRow, PageRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { COMPONENT_STATUS_CHOICES } from './common.js';
import {
  Checkbox,
  ErrorSummary,
  PostForm,
  Select,
  TextArea,
  TextField,
  type FormState,
} from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

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
  };
}

function FormButtons({ saving, cancel }: { saving: string; cancel: string }) {
  return (
    <div class="button-row">
      <button type="submit" class="button primary" safe>
        {saving}
      </button>
      <a class="button subtle" href={cancel}>
        Cancel
      </a>
    </div>
  );
}

function DeleteLink({ href, what }: { href: string; what: string }) {
  return (
    <section class="panel danger-zone" aria-labelledby="danger-title">
      <h2 id="danger-title" safe>{`Delete this ${what}`}</h2>
      <a class="button danger" href={href} safe>
        {`Delete ${what}…`}
      </a>
    </section>
  );
}

export function GroupFormPage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  group?: ComponentGroupRow;
}) {
  const { form, page, group } = props;
  const title = group ? `Edit group ${group.name}` : 'New component group';
  return (
    <Layout view={props.view} title={title} section="pages">
      <PageHeader
        title={title}
        crumbs={[
          ['Pages', adminPaths.pages],
          [page.name, adminPaths.page(page.id)],
        ]}
        lead="Groups gather related components under one heading, e.g. “Europe” or “Core services”."
      />
      <div class="card form-card">
        <ErrorSummary errors={form.errors} />
        <PostForm
          action={group ? adminPaths.group(group.id) : adminPaths.groups(page.id)}
          csrf={props.view.csrf}
        >
          <TextField form={form} name="name" label="Name" required maxlength={200} />
          <TextArea form={form} name="description" label="Description" hint="Optional" rows={2} />
          <TextField
            form={form}
            name="position"
            label="Position"
            type="number"
            inputmode="numeric"
            hint={
              group
                ? 'Lower numbers come first'
                : 'Optional; lower numbers come first, empty puts it last'
            }
          />
          <FormButtons
            saving={group ? 'Save group' : 'Create group'}
            cancel={adminPaths.page(page.id)}
          />
        </PostForm>
      </div>
      {group ? <DeleteLink href={adminPaths.deleteGroup(group.id)} what="group" /> : ''}
    </Layout>
  );
}

export function ComponentFormPage(props: {
  view: AdminView;
  form: FormState;
  page: PageRow;
  groups: ComponentGroupRow[];
  component?: ComponentRow;
}) {
  const { form, page, component } = props;
  const title = component ? `Edit ${component.name}` : 'New component';
  const groupChoices = [
    ['', 'No group'] as const,
    ...props.groups.map((g) => [g.id, g.name] as const),
  ];
  return (
    <Layout view={props.view} title={title} section="pages">
      <PageHeader
        title={title}
        crumbs={[
          ['Pages', adminPaths.pages],
          [page.name, adminPaths.page(page.id)],
        ]}
      />
      <div class="card form-card">
        <ErrorSummary errors={form.errors} />
        <PostForm
          action={component ? adminPaths.component(component.id) : adminPaths.components(page.id)}
          csrf={props.view.csrf}
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
          <TextField
            form={form}
            name="position"
            label="Position"
            type="number"
            inputmode="numeric"
            hint={
              component
                ? 'Lower numbers come first'
                : 'Optional; lower numbers come first, empty puts it last'
            }
          />
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
              checked={form.values.showcase !== undefined}
            />
            <Checkbox
              form={form}
              name="only_show_if_degraded"
              label="Only show it when it is not operational"
              checked={form.values.only_show_if_degraded !== undefined}
            />
          </fieldset>
          <FormButtons
            saving={component ? 'Save component' : 'Create component'}
            cancel={adminPaths.page(page.id)}
          />
        </PostForm>
      </div>
      {component ? (
        <DeleteLink href={adminPaths.deleteComponent(component.id)} what="component" />
      ) : (
        ''
      )}
    </Layout>
  );
}
