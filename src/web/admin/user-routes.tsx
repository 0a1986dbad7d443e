// The admins in the admin: list them, add one with a password typed twice, and remove one after
// confirmation (never yourself, never the last one); removing ends that admin's sessions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { filled, requireSamePassword, text } from './form-values.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml } from './respond.js';
import { signedInAdmin } from './signed-in.js';
import { blankForm, type FormState } from './views/form-controls.js';
import { AdminListPage, NewAdminPage } from './views/user-views.js';

export function userRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { auth } = deps.services;
  const signedIn = (request: FastifyRequest) => signedInAdmin(request, auth);

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
  ) {
    const view = await adminView(request, reply, deps);
    return sendHtml(reply, <NewAdminPage view={view} form={form} />, status);
  }

  app.get('/users', async (request, reply) => {
    const [view, admins, self] = await Promise.all([
      adminView(request, reply, deps),
      auth.listAdmins(),
      signedIn(request),
    ]);
    return sendHtml(reply, <AdminListPage view={view} admins={admins} selfId={self.id} />);
  });

  app.get('/users/new', async (request, reply) => showForm(request, reply, blankForm()));

  app.post('/users', async (request, reply) =>
    saveForm(request, reply, deps, {
      save: async (values) => {
        requireSamePassword(values);
        const admin = await auth.createAdmin({
          email: text(values, 'email') ?? '',
          password: text(values, 'password') ?? '',
          name: filled(values, 'name'),
        });
        const by = await signedIn(request);
        request.log.info({ userId: admin.id, by: by.id }, 'admin added');
        return {
          message: `Admin ${admin.email} added; they can sign in now.`,
          next: adminPaths.users,
        };
      },
      // Passwords are never sent back to the browser (the password fields do not keep values).
      showAgain: (form, status) => showForm(request, reply, form, status),
    }),
  );

  deletionRoutes(app, deps, {
    route: '/users/:id/remove',
    section: 'users',
    find: (id) => auth.getAdmin(id),
    refuse: async (admin, request) => auth.assertMayRemove(admin.id, (await signedIn(request)).id),
    confirm: (admin) => ({
      title: `Remove ${admin.email}?`,
      message:
        'They are signed out at once and can no longer sign in. What they changed stays as it is.',
      action: adminPaths.removeUser(admin.id),
      button: 'Remove admin',
      cancel: adminPaths.users,
    }),
    remove: async (admin, request) => {
      const by = await signedIn(request);
      await auth.removeAdmin(admin.id, by.id);
      request.log.info({ userId: admin.id, by: by.id }, 'admin removed');
    },
    deleted: (admin) => ({ message: `Admin ${admin.email} removed.`, next: adminPaths.users }),
  });
}
