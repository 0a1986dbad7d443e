// Opsgenie through its Alert API: a monitor going down, degraded or stale creates an alert under
// the alias `vigil-monitor-<monitor id>` (Opsgenie keeps one open alert per alias), its recovery
// closes the alert by that alias; an incident creates `vigil-incident-<id>` and its resolution
// closes it. Maintenance is not paged. Format and choices: docs/notifications.md.
import { eventText, type EventSeverity } from '../event-text.js';
import { defineChannel, type FieldError } from '../channel.js';
import { jsonErrorText, postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { alertAction } from './alert-lifecycle.js';
import { choiceField, configCheck, textField, urlField } from '../config-fields.js';
import { truncateText } from '../chat-format.js';

export const OPSGENIE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type OpsgeniePriority = (typeof OPSGENIE_PRIORITIES)[number];

/** Keyed by field name: this is also the stored form (secret fields sealed by name). */
export interface OpsgenieConfig {
  api_key: string;
  api_url: string;
  /** Every alert's priority; null: by how bad the event is. */
  priority: OpsgeniePriority | null;
}

export const OPSGENIE_API_URL = 'https://api.opsgenie.com';
// Opsgenie's limits.
const MAX_MESSAGE = 130;
const MAX_DESCRIPTION = 15000;
const MAX_NOTE = 25000;

const PRIORITY_BY_SEVERITY: Readonly<Record<EventSeverity, OpsgeniePriority>> = {
  critical: 'P1',
  warning: 'P3',
  info: 'P5',
  ok: 'P5',
};

export const opsgenieChannel = defineChannel<OpsgenieConfig>({
  type: 'opsgenie',
  label: 'Opsgenie',
  hints: {
    api_key: {
      label: 'API key',
      help: 'The key of an API integration in Opsgenie (it may create and close alerts).',
      required: true,
    },
    api_url: {
      label: 'API URL',
      help: `Leave empty for ${OPSGENIE_API_URL}; https://api.eu.opsgenie.com for EU accounts.`,
    },
    priority: {
      label: 'Priority',
      help: 'Every alert gets this priority; empty: P1 when down, P3 when degraded, P5 otherwise.',
      choices: OPSGENIE_PRIORITIES,
    },
  },
  fields: ['api_key', 'api_url', 'priority'],
  secretFields: ['api_key'],

  validate(input) {
    const errors: FieldError[] = [];
    const api_key = textField(input, 'api_key', errors, {
      required: true,
      max: 100,
      pattern: /^[A-Za-z0-9-]+$/,
      patternHint: 'an Opsgenie API key (letters, digits and dashes)',
    });
    const api_url = urlField(input, 'api_url', errors, {
      base: true,
      defaultUrl: OPSGENIE_API_URL,
    });
    const priority = choiceField(input, 'priority', errors, OPSGENIE_PRIORITIES);
    return configCheck(
      errors,
      api_key === null || api_url === null ? null : { api_key, api_url, priority },
    );
  },

  async send(event, config, context) {
    const action = alertAction(event);
    if (action.kind === 'skip') return { ok: true, statusCode: null, error: null };
    const text = eventText(event);
    const request =
      action.kind === 'close'
        ? {
            path: `/v2/alerts/${encodeURIComponent(action.key)}/close?identifierType=alias`,
            body: {
              source: 'Vigil',
              note: truncateText([text.title, ...text.lines].join('\n'), MAX_NOTE),
            },
          }
        : {
            path: '/v2/alerts',
            body: {
              message: truncateText(text.title, MAX_MESSAGE),
              alias: action.key,
              description: truncateText(text.lines.join('\n'), MAX_DESCRIPTION),
              priority: config.priority ?? PRIORITY_BY_SEVERITY[text.severity],
              source: 'Vigil',
              tags: ['vigil', event.type],
              details: alertDetails(event),
            },
          };
    return postToReceiver({
      url: `${config.api_url}${request.path}`,
      headers: { ...channelHeaders(event), authorization: `GenieKey ${config.api_key}` },
      body: JSON.stringify(request.body),
      signal: context.signal,
      // {"message":"Key format is not valid!","took":0.001,"requestId":"..."}
      describeError: jsonErrorText('message', 'errors'),
      secrets: [config.api_key],
    });
  },
});

/** Opsgenie's `details`: a map of strings, shown as the alert's extra properties. */
function alertDetails(event: NotificationEvent): Record<string, string> {
  if (event.subject === 'monitor') {
    const { monitor } = event;
    return {
      event_id: event.id,
      monitor_id: monitor.id,
      monitor: monitor.name,
      status: monitor.status,
      previous_status: monitor.previousStatus,
      reason: monitor.reason.summary,
      failing_regions: monitor.reason.failingRegions.join(', '),
    };
  }
  if (event.subject === 'incident') {
    const { incident } = event;
    return {
      event_id: event.id,
      incident_id: incident.id,
      status: incident.status,
      impact: incident.impact,
    };
  }
  return { event_id: event.id };
}
