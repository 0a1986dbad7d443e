// A status site for the subscriber tests: web and a notifier in this process over a test
// database, system mail to a local SMTP sink, webhooks to a local receiver, one page with two
// components in a group, and helpers to solve the form's ALTCHA challenge as the widget does,
// post incidents and wait until the notifier has fanned every event out.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { sql } from 'kysely';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { loadConfig } from '../../../src/config/env.js';
import { startConfiguredNotifier } from '../../../src/cli/notifier-process.js';
import type { Notifier } from '../../../src/notifier/notifier-loop.js';
import { createLogger } from '../../../src/observability/logger.js';
import { waitFor } from '../../cli/cli-support.js';
import type { DatabaseBackend } from '../../support/databases.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { startTestWeb, type TestWeb } from '../../support/web.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

export interface SubscribeSite {
  web: TestWeb;
  sink: SmtpSink;
  receiver: WebhookReceiver;
  notifier: Notifier;
  pageId: string;
  slug: string;
  components: { api: string; db: string };
  /** The `altcha` field as the widget fills it in, for a fresh challenge. */
  solveAltcha(): Promise<string>;
  /** Posts the form (application/x-www-form-urlencoded) as a browser would. */
  postForm(path: string, fields: Record<string, string | string[]>): Promise<Response>;
  /** Opens an incident on the page; returns its id. */
  openIncident(name: string, body: string, componentIds: string[]): Promise<string>;
  /** Resolves once the notifier has fanned out every outbox row there is. */
  waitFannedOut(): Promise<void>;
  /** Subscriber ids that have a delivery of an event of this incident. */
  subscribersReached(incidentId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startSubscribeSite(
  backend: DatabaseBackend,
  env: Record<string, string> = {},
): Promise<SubscribeSite> {
  const database = await backend.create();
  const sink = await startSmtpSink();
  const receiver = await startWebhookReceiver();
  const siteEnv = {
    VIGIL_SMTP_URL: sink.url,
    VIGIL_MAIL_FROM: 'Acme Status <status@example.com>',
    VIGIL_SUBSCRIBER_WEBHOOK_ALLOW_PRIVATE: 'true',
    VIGIL_SUBSCRIBE_RATE_LIMIT: '1000',
    ...env,
  };
  const web = await startTestWeb(database, siteEnv);
  const config = { ...loadConfig({ ...siteEnv, VIGIL_BASE_URL: web.baseUrl }) };
  const notifier = await startConfiguredNotifier(
    { ...config, notifier: { ...config.notifier, retryBaseMs: 50, retryMaxMs: 200 } },
    database,
    web.secretBox,
    createLogger('silent'),
  );
  const page = await web.services.pages.createPage({
    slug: 'acme',
    name: 'Acme',
    is_default: true,
  });
  const group = await web.services.pages.createGroup(page.id, { name: 'Backend' });
  const api = await web.services.pages.createComponent(page.id, {
    name: 'API',
    group_id: group.id,
  });
  const db = await web.services.pages.createComponent(page.id, {
    name: 'Database',
    group_id: group.id,
  });

  const site: SubscribeSite = {
    web,
    sink,
    receiver,
    notifier,
    pageId: page.id,
    slug: page.slug,
    components: { api: api.id, db: db.id },
    async solveAltcha() {
      const challenge = (await (
        await fetch(`${web.baseUrl}/subscribe/challenge`)
      ).json()) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey });
      if (!solution) throw new Error('the ALTCHA challenge was not solved');
      return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
    },
    postForm(path, fields) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
      }
      return fetch(`${web.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    },
    async openIncident(name, body, componentIds) {
      const incident = await web.services.incidents.createIncident(page.id, {
        name,
        body,
        component_ids: componentIds,
      });
      return incident.id;
    },
    async waitFannedOut() {
      notifier.wake();
      await waitFor(
        'every outbox row fanned out',
        async () => {
          const row = await database.db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('processed_at', 'is', null)
            .executeTakeFirstOrThrow();
          return Number(row.n) === 0 ? true : undefined;
        },
        20_000,
      );
    },
    async subscribersReached(incidentId) {
      const rows = await database.db
        .selectFrom('deliveries as d')
        .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
        .select('d.subscriber_id')
        .where('d.subscriber_id', 'is not', null)
        .where(sql<string>`o.payload->>'incident_id'`, '=', incidentId)
        .execute();
      return rows.map((row) => row.subscriber_id!).sort();
    },
    async close() {
      await notifier.stop();
      await web.close();
      await sink.close();
      await receiver.close();
    },
  };
  return site;
}
