// The two routes of deleting something in the admin: a GET that asks for confirmation, and the POST
// from that page that deletes, leaves a message and redirects.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebDependencies } from '../app.js';
import { setFlash } from './flash.js';
import { adminView, sendHtml, seeOther } from './respond.js';
import { ConfirmPage } from './views/deletion.js';
import type { AdminSection } from './views/layout.js';

type IdParams = { Params: { id: string } };

export interface Deletion<T> {
  /** The URL of both routes, with the id as `:id`, e.g. `/groups/:id/delete`. */
  route: string;
  section: AdminSection;
  /** Loads the thing, or throws NotFoundError (a 404 page). */
  find(id: string): Promise<T>;
  /** What the confirmation page says, where it posts and where Cancel goes. */
  confirm(item: T): {
    title: string;
    message: string;
    action: string;
    button: string;
    cancel: string;
  };
  /**
   * Throws when this request may never delete the item (e.g. an admin removing themselves), so the
   * refusal shows before the confirmation page instead of after it.
   */
  refuse?(item: T, request: FastifyRequest): Promise<void>;
  /** Deletes; `request` says who asks, for rules that depend on it. */
  remove(item: T, request: FastifyRequest): Promise<void>;
  /** The message after deleting, and the page to go to. */
  deleted(item: T): { message: string; next: string };
}

export function deletionRoutes<T>(
  app: FastifyInstance,
  deps: WebDependencies,
  deletion: Deletion<T>,
): void {
  app.get<IdParams>(deletion.route, async (request, reply) => {
    const item = await deletion.find(request.params.id);
    await deletion.refuse?.(item, request);
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <ConfirmPage view={view} section={deletion.section} {...deletion.confirm(item)} />,
    );
  });

  app.post<IdParams>(deletion.route, async (request, reply) => {
    const item = await deletion.find(request.params.id);
    await deletion.refuse?.(item, request);
    await deletion.remove(item, request);
    const { message, next } = deletion.deleted(item);
    setFlash(reply, deps.config.secureCookies, message);
    return seeOther(reply, next);
  });
}
