// The admins of this Vigil: who can sign in, adding one, and the link that removes one.
import type { UserRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { When } from './common.js';
import { NewPasswordFields } from './credential-fields.js';
import { TextField, type FormState } from './form-controls.js';
import { FormPage } from './form-page.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

/** What the list shows of an admin; never the password hash. */
export type AdminSummary = Pick<UserRow, 'id' | 'email' | 'name' | 'created_at'>;

function AdminTable({ admins, selfId }: { admins: AdminSummary[]; selfId: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Admins</caption>
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Name</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {admins.map((admin) => (
            <tr>
              <th scope="row">
                <span safe>{admin.email}</span>
                {admin.id === selfId ? <span class="tag">You</span> : ''}
              </th>
              <td data-label="Name">
                {admin.name ? <span safe>{admin.name}</span> : <span class="muted">—</span>}
              </td>
              <td data-label="Added">
                <When at={admin.created_at} timeZone="Etc/UTC" />
              </td>
              {/* Nobody removes themselves here: another admin can, so a slip cannot lock them out. */}
              {admin.id === selfId ? (
                <td></td>
              ) : (
                <td data-label="Actions">
                  <a href={adminPaths.removeUser(admin.id)} class="button small danger-outline">
                    Remove<span class="visually-hidden" safe>{` ${admin.email}`}</span>
                  </a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AdminListPage(props: { view: AdminView; admins: AdminSummary[]; selfId: string }) {
  return (
    <Layout view={props.view} title="Admins" section="users">
      <PageHeader
        title="Admins"
        lead="Everyone listed here can sign in to this admin and change every page, incident and key."
      >
        <a class="button primary" href={adminPaths.newUser}>
          Add admin
        </a>
      </PageHeader>
      <section class="panel" aria-label="Admins">
        <AdminTable admins={props.admins} selfId={props.selfId} />
      </section>
    </Layout>
  );
}

export function NewAdminPage(props: { view: AdminView; form: FormState }) {
  const { form } = props;
  return (
    <FormPage
      view={props.view}
      section="users"
      title="Add an admin"
      crumbs={[['Admins', adminPaths.users]]}
      lead="They sign in with this e-mail and password. Give them the password another way than e-mail; they can change it under Account."
      form={form}
      action={adminPaths.users}
      submit="Add admin"
      cancel={adminPaths.users}
    >
      {/* autocomplete off: the browser must not fill in the signed-in admin's own credentials. */}
      <TextField
        form={form}
        name="email"
        label="E-mail"
        type="email"
        required
        autocomplete="off"
        maxlength={254}
      />
      <TextField
        form={form}
        name="name"
        label="Name"
        hint="Optional; shown in this list"
        autocomplete="off"
        maxlength={200}
      />
      <NewPasswordFields form={form} label="Password" repeatLabel="Repeat the password" />
    </FormPage>
  );
}
