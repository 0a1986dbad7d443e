// The public subscribe routes: the form (`/subscribe`, `/s/<slug>/subscribe`), its ALTCHA
// challenge, the confirmation link and the unsubscribe link (GET shows one button, POST acts;
// the RFC 8058 one-click POST of mail clients lands on the same POST). Nothing here may be
// cached (no-store): each answer is about one visitor's form or link. No admin cookie is read
// or needed; a cross-site post of the form is refused by its Origin, and the links carry their
// own unguessable token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MemoryRateCounter } from '../../../cache/rate-counter.js';
import { VigilError } from '../../../domain/errors.js';
import { SubscriberService, type LinkState } from '../../../services/subscriber-service.js';
import type { SubscriberRecipient } from '../../../store/subscriber-repository.js';
import type { WebDependencies } from '../../app.js';
import type { Stylesheet } from '../assets.js';
import { componentLayout } from '../component-layout.js';
import { pagePath } from '../links.js';
import { accessPage, redirectToLogin } from '../page-access.js';
import { onEveryPage, type PageRouteRequest } from '../page-routes.js';
import { pageView, type PageView } from '../views/context.js';
import { PageNotFound } from '../views/not-found.js';
import {
  CheckInboxPage,
  ConfirmPage,
  ConfirmedPage,
  LinkNotValidPage,
  SubscribeFormPage,
  TooManyAttemptsPage,
  UnsubscribePage,
  UnsubscribedPage,
  type FormError,
  type SubscribeFormValues,
} from '../views/subscribe.js';
import { proofOfWork } from './proof-of-work.js';
import { CHALLENGE_PATH, loadSubscribeAssets, subscribeAssetRoutes } from './subscribe-assets.js';

const HTML = 'text/html; charset=utf-8';
const HOUR_MS = 3_600_000;

type FormBody = Record<string, string | string[] | undefined>;

export function subscribeRoutes(
  app: FastifyInstance,
  deps: WebDependencies,
  css: Stylesheet,
): void {
  const { config } = deps;
  const counter = deps.rateCounter ?? new MemoryRateCounter();
  const service = new SubscriberService(deps.database.db, {
    rateCounter: counter,
    mailsPerAddressPerDay: config.subscribers.mailsPerAddressPerDay,
    webhookAllowPrivate: config.subscribers.webhookAllowPrivate,
  });
  const key = () => {
    const derived = deps.secretBox?.deriveKey('altcha') ?? undefined;
    if (!derived) {
      deps.logger.warn(
        'no secret key: the subscribe form signs its proof of work with a key of this process, ' +
          'so it works with one web instance only; set VIGIL_SECRET_KEY on every instance',
      );
    }
    return derived;
  };
  const pow = proofOfWork({ key, counter });
  const { assets, hrefs } = loadSubscribeAssets();
  subscribeAssetRoutes(app, assets);

  const send = (reply: FastifyReply, status: number, html: string): FastifyReply =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(html);

  const viewOf = async (page: { slug: string; isDefault: boolean }): Promise<PageView | null> => {
    const snapshot = await deps.snapshots.get(page.isDefault ? undefined : page.slug);
    return snapshot ? pageView(snapshot, config.baseUrl, css.href) : null;
  };

  app.get(CHALLENGE_PATH, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(await pow.challenge()),
  );

  const showForm = (
    request: PageRouteRequest,
    reply: FastifyReply,
    slug: string | undefined,
    answer: (view: PageView, layout: ReturnType<typeof componentLayout>) => Promise<FastifyReply>,
  ): Promise<FastifyReply> =>
    (async () => {
      const access = await accessPage(deps, request, slug);
      if (access.kind === 'login') return redirectToLogin(request, reply);
      if (access.kind === 'missing') return send(reply, 404, PageNotFound({ cssHref: css.href }));
      const { snapshot } = access;
      const view = pageView(snapshot, config.baseUrl, css.href);
      return answer(view, componentLayout(snapshot.groups, snapshot.components));
    })();

  const formPage = (
    view: PageView,
    layout: ReturnType<typeof componentLayout>,
    values?: SubscribeFormValues,
    error?: FormError,
  ): string =>
    SubscribeFormPage({
      view,
      layout,
      assets: hrefs,
      action: pagePath(view.page, '/subscribe'),
      ...(values ? { values } : {}),
      ...(error ? { error } : {}),
    });

  onEveryPage(app, '/subscribe', (request, reply, slug) =>
    showForm(request, reply, slug, async (view, layout) =>
      send(reply, 200, formPage(view, layout)),
    ),
  );

  const post = (request: PageRouteRequest, reply: FastifyReply, slug: string | undefined) =>
    showForm(request, reply, slug, async (view, layout) => {
      if (!sameOrigin(request, config.baseUrl)) {
        return send(
          reply,
          403,
          formPage(view, layout, undefined, {
            field: 'form',
            message: 'This form can only be sent from this status page.',
          }),
        );
      }
      const attempts = await counter.hit(`subscribe-ip|${request.ip}`, HOUR_MS);
      if (attempts.count > config.subscribers.signupsPerIpPerHour) {
        void reply.header('retry-after', String(Math.ceil(attempts.ttlMs / 1000)));
        return send(reply, 429, TooManyAttemptsPage({ view }));
      }
      const body = (request.body ?? {}) as FormBody;
      const values: SubscribeFormValues = {
        email: first(body.email),
        webhookUrl: first(body.webhook_url),
        componentIds: all(body.components),
      };
      const fail = (error: FormError) => send(reply, 400, formPage(view, layout, values, error));
      try {
        const checked = await service.check(
          { id: view.page.id, componentIds: [...view.componentsById.keys()] },
          { email: values.email, webhookUrl: values.webhookUrl, componentIds: values.componentIds },
        );
        const proof = await pow.verify(first(body.altcha));
        if (!proof.ok) return fail({ field: 'altcha', message: proof.message });
        await service.signUp(checked);
      } catch (error) {
        if (error instanceof VigilError && error.statusCode === 400) {
          return fail({ field: error.field ?? 'form', message: error.message });
        }
        throw error;
      }
      return send(reply, 200, CheckInboxPage({ view }));
    });
  app.post('/subscribe', (request, reply) => post(request as PageRouteRequest, reply, undefined));
  app.post('/s/:slug/subscribe', (request, reply) => {
    const typed = request as PageRouteRequest;
    return post(typed, reply, typed.params.slug);
  });

  const linkNotValid = (reply: FastifyReply, state: Exclude<LinkState['status'], 'live'>) =>
    state === 'expired'
      ? send(
          reply,
          410,
          LinkNotValidPage({
            cssHref: css.href,
            heading: 'This confirmation link has expired',
            message: 'Subscribe again on the status page to get a new link.',
          }),
        )
      : send(
          reply,
          404,
          LinkNotValidPage({
            cssHref: css.href,
            heading: 'This link is not valid',
            message:
              'It may have been used already (then you are subscribed), or the subscription no longer exists.',
          }),
        );

  /** Renders a page about the recipient's status page, or the not-valid page without one. */
  const aboutPage = async (
    reply: FastifyReply,
    recipient: SubscriberRecipient,
    render: (view: PageView) => string,
  ) => {
    const view = await viewOf(recipient.page);
    return view ? send(reply, 200, render(view)) : linkNotValid(reply, 'unknown');
  };

  app.get('/subscribe/confirm/:token', async (request, reply) => {
    const token = tokenOf(request);
    const state = await service.confirmationLink(token);
    if (state.status !== 'live') return linkNotValid(reply, state.status);
    return aboutPage(reply, state.recipient, (view) =>
      ConfirmPage({ view, action: `/subscribe/confirm/${encodeURIComponent(token)}` }),
    );
  });

  app.post('/subscribe/confirm/:token', async (request, reply) => {
    const state = await service.confirm(tokenOf(request));
    if (state.status !== 'live') return linkNotValid(reply, state.status);
    return aboutPage(reply, state.recipient, (view) => ConfirmedPage({ view }));
  });

  app.get('/unsubscribe/:token', async (request, reply) => {
    const token = tokenOf(request);
    const recipient = await service.unsubscribeLink(token);
    if (!recipient) return linkNotValid(reply, 'unknown');
    return aboutPage(reply, recipient, (view) =>
      UnsubscribePage({ view, action: `/unsubscribe/${encodeURIComponent(token)}` }),
    );
  });

  app.post('/unsubscribe/:token', async (request, reply) => {
    const token = tokenOf(request);
    const recipient = await service.unsubscribeLink(token);
    if (!recipient || !(await service.unsubscribe(token))) return linkNotValid(reply, 'unknown');
    return aboutPage(reply, recipient, (view) => UnsubscribedPage({ view }));
  });
}

function tokenOf(request: FastifyRequest): string {
  const token = (request.params as { token?: string }).token ?? '';
  // Tokens are base64url; anything else names nothing, and never reaches the database.
  return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : '';
}

/**
 * A browser posting the form says where from: Sec-Fetch-Site (modern browsers), else Origin —
 * which is "null" under the site's no-referrer policy, so it only counts when it names a site.
 * A post from another site is refused; without either (curl) the proof of work and the limits
 * still apply.
 */
function sameOrigin(request: FastifyRequest, baseUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined || origin === '' || origin === 'null') return true;
  if (origin === new URL(baseUrl).origin) return true;
  // Behind no proxy (or one that keeps Host), the origin the browser was on is this Host.
  try {
    return new URL(origin).host === (request.headers['x-forwarded-host'] ?? request.headers.host);
  } catch {
    return false;
  }
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== '');
}
