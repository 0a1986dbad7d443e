// The form that creates or edits a status page.
import type { PageRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import {
  Checkbox,
  Select,
  TextArea,
  TextField,
  type Choice,
  type FormState,
} from './form-controls.js';
import { FormPage } from './form-page.js';
import type { AdminView } from './layout.js';

const TIME_ZONES: readonly Choice[] = [
  ['Etc/UTC', 'UTC'],
  ...Intl.supportedValuesOf('timeZone').map((zone) => [zone, zone.replace(/_/g, ' ')] as const),
];

function zoneChoices(current: string | undefined): readonly Choice[] {
  if (!current || TIME_ZONES.some(([zone]) => zone === current)) return TIME_ZONES;
  return [[current, current], ...TIME_ZONES];
}

/** The form values of an existing page, to prefill the edit form. */
export function pageFormValues(page: PageRow): Record<string, string> {
  return {
    name: page.name,
    slug: page.slug,
    description: page.description,
    url: page.url ?? '',
    time_zone: page.time_zone,
    ...(page.is_private ? { is_private: 'true' } : {}),
    ...(page.is_default ? { is_default: 'true' } : {}),
  };
}

export function PageFormPage(props: { view: AdminView; form: FormState; page?: PageRow }) {
  const { form, page } = props;
  const title = page ? `Edit ${page.name}` : 'New status page';
  const crumbs: Array<readonly [string, string]> = [['Pages', adminPaths.pages]];
  if (page) crumbs.push([page.name, adminPaths.page(page.id)]);
  return (
    <FormPage
      view={props.view}
      section="pages"
      title={title}
      crumbs={crumbs}
      form={form}
      action={page ? adminPaths.editPage(page.id) : adminPaths.pages}
      submit={page ? 'Save changes' : 'Create page'}
      cancel={page ? adminPaths.page(page.id) : adminPaths.pages}
    >
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Shown as the page title, e.g. your company or product"
        required
        maxlength={200}
      />
      <TextField
        form={form}
        name="slug"
        label="Slug"
        hint="Lowercase letters, digits and hyphens; the page is published at /s/slug"
        required
        pattern="[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?"
        maxlength={63}
        autocomplete="off"
      />
      <TextArea
        form={form}
        name="description"
        label="Description"
        hint="Optional; shown under the title"
        rows={3}
      />
      <TextField
        form={form}
        name="url"
        label="Website"
        type="url"
        hint="Optional; your site, linked from the page"
      />
      <Select
        form={form}
        name="time_zone"
        label="Time zone"
        hint="Times on the page and in maintenance forms are in this zone"
        choices={zoneChoices(form.values.time_zone as string | undefined)}
      />
      <fieldset>
        <legend>Visibility</legend>
        <Checkbox
          form={form}
          name="is_private"
          label="Private: only signed-in administrators can see it"
        />
        {page?.is_default ? (
          <p class="hint">
            This is the default page, served at <code>/</code>. To change that, make another page
            the default.
          </p>
        ) : (
          <Checkbox form={form} name="is_default" label="Default page: serve it at /" />
        )}
      </fieldset>
    </FormPage>
  );
}
