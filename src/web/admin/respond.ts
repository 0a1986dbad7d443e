// How admin handlers answer: an HTML page that is never cached, a 303 redirect with a message after
// a saved form, and a rejected form shown again with field messages instead of an error page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../../domain/errors.js';
import type { WebDependencies } from '../app.js';
import { sessionUser } from '../auth/session-cookie.js';
import { setFlash, takeFlash } from './flash.js';
import { formValues, type FieldErrors, type FormValues } from './form-values.js';
import type { FormState } from './views/form-controls.js';
import type { AdminView } from './views/layout.js';

export async function adminView(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WebDependencies,
): Promise<AdminView> {
  const user = await sessionUser(request, deps.services.auth);
  const flash = takeFlash(request, reply, deps.config.secureCookies);
  return {
    csrf: reply.generateCsrf(),
    ...(user ? { user: { email: user.email } } : {}),
    ...(flash ? { flash } : {}),
  };
}

/** Sends a rendered page; admin pages hold private data and tokens, so nothing may cache them. */
export async function sendHtml(
  reply: FastifyReply,
  html: JSX.Element,
  status = 200,
): Promise<FastifyReply> {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(await html);
}

/** The redirect after a successful form post (POST-redirect-GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).header('cache-control', 'no-store').send();
}

/** A rejection a form can show next to a field (bad or conflicting input), or undefined. */
export function fieldRejection(
  error: unknown,
): { status: number; errors: FieldErrors } | undefined {
  if (!(error instanceof VigilError) || !error.field) return undefined;
  if (error.statusCode !== 400 && error.statusCode !== 409) return undefined;
  return { status: error.statusCode, errors: { [error.field]: error.message } };
}

/**
 * Runs a form's action; when it is rejected naming a field, `showAgain` renders the form with the
 * message (status 400 or 409). Other errors go to the error page.
 */
export async function submitForm(
  action: () => Promise<FastifyReply>,
  showAgain: (errors: FieldErrors, status: number) => Promise<FastifyReply> | FastifyReply,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    const rejection = fieldRejection(error);
    if (!rejection) throw error;
    return showAgain(rejection.errors, rejection.status);
  }
}

/** Where a saved form leads: the one-shot message to show, and the page to show it on. */
export interface Saved {
  message: string;
  next: string;
}

/**
 * A form post that saves: `save` gets the submitted values, then the browser is redirected with
 * its message; when rejected naming a field, `showAgain` renders the form as typed with the message.
 */
export async function saveForm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: WebDependencies,
  {
    save,
    showAgain,
  }: {
    save: (values: FormValues) => Promise<Saved>;
    showAgain: (form: FormState, status: number) => Promise<FastifyReply> | FastifyReply;
  },
): Promise<FastifyReply> {
  const values = formValues(request.body);
  return submitForm(
    async () => {
      const { message, next } = await save(values);
      setFlash(reply, deps.config.secureCookies, message);
      return seeOther(reply, next);
    },
    (errors, status) => showAgain({ values, errors }, status),
  );
}
