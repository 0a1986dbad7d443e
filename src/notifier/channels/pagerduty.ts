// PagerDuty through the Events API v2: a monitor going down, degraded or stale triggers an alert
// under the dedup key `vigil-monitor-<monitor id>`, its recovery resolves that key; an incident
// triggers `vigil-incident-<id>` and its resolution resolves it. Maintenance is not paged, and a
// test is an `info` trigger under a key of its own. Format and choices: docs/notifications.md.
import { eventText, type EventSeverity } from '../event-text.js';
import { defineChannel, type FieldError } from '../channel.js';
import { jsonErrorText, postToReceiver } from '../http-post.js';
import { channelHeaders } from '../json-post.js';
import type { NotificationEvent } from '../../domain/notifications/index.js';
import { alertAction } from './alert-lifecycle.js';
import { configCheck, textField, urlField } from '../config-fields.js';
import { truncateText } from '../chat-format.js';

/** Keyed by field name: this is also the stored form (secret fields sealed by name). */
export interface PagerDutyConfig {
  routing_key: string;
  api_url: string;
}

export const PAGERDUTY_API_URL = 'https://events.pagerduty.com';
/** PagerDuty's limit for `payload.summary`. */
const MAX_SUMMARY = 1024;

const SEVERITIES: Readonly<Record<EventSeverity, string>> = {
  critical: 'critical',
  warning: 'warning',
  info: 'info',
  // Only a trigger carries a severity; a recovery resolves instead.
  ok: 'info',
};

export const pagerDutyChannel = defineChannel<PagerDutyConfig>({
  type: 'pagerduty',
  label: 'PagerDuty',
  hints: {
    routing_key: {
      label: 'Integration key',
      help: 'The 32-character key of an Events API v2 integration on the PagerDuty service.',
      required: true,
    },
    api_url: {
      label: 'Events API URL',
      help: `Leave empty for ${PAGERDUTY_API_URL}; https://events.eu.pagerduty.com for EU accounts.`,
    },
  },
  fields: ['routing_key', 'api_url'],
  secretFields: ['routing_key'],

  validate(input) {
    const errors: FieldError[] = [];
    const routing_key = textField(input, 'routing_key', errors, {
      required: true,
      max: 32,
      pattern: /^[A-Za-z0-9]{32}$/,
      patternHint: 'the 32 letters and digits of an Events API v2 integration key',
    });
    const api_url = urlField(input, 'api_url', errors, {
      base: true,
      defaultUrl: PAGERDUTY_API_URL,
    });
    return configCheck(
      errors,
      routing_key === null || api_url === null ? null : { routing_key, api_url },
    );
  },

  async send(event, config, context) {
    const action = alertAction(event);
    if (action.kind === 'skip') return { ok: true, statusCode: null, error: null };
    const body =
      action.kind === 'close'
        ? { routing_key: config.routing_key, event_action: 'resolve', dedup_key: action.key }
        : {
            routing_key: config.routing_key,
            event_action: 'trigger',
            dedup_key: action.key,
            payload: pagerDutyPayload(event),
            client: 'Vigil',
          };
    return postToReceiver({
      url: `${config.api_url}/v2/enqueue`,
      headers: channelHeaders(event),
      body: JSON.stringify(body),
      signal: context.signal,
      // {"status":"invalid event","message":"Event object is invalid","errors":["..."]}
      describeError: jsonErrorText('message', 'errors'),
      secrets: [config.routing_key],
    });
  },
});

/** The `payload` of a trigger: PagerDuty's common event format. */
function pagerDutyPayload(event: NotificationEvent): Record<string, unknown> {
  const text = eventText(event);
  const common = {
    severity: SEVERITIES[text.severity],
    timestamp: event.occurredAt,
    class: event.type,
  };
  if (event.subject === 'monitor') {
    const { monitor } = event;
    return {
      summary: truncateText(`${text.title}: ${monitor.reason.summary}`, MAX_SUMMARY),
      source: monitor.name,
      ...common,
      group: 'monitors',
      custom_details: {
        event_id: event.id,
        monitor_id: monitor.id,
        status: monitor.status,
        previous_status: monitor.previousStatus,
        reason: monitor.reason.summary,
        failing_regions: monitor.reason.failingRegions,
        ok_regions: monitor.reason.okRegions,
        silent_regions: monitor.reason.silentRegions,
        slow_regions: monitor.reason.slowRegions,
      },
    };
  }
  if (event.subject === 'incident') {
    const { incident } = event;
    const components = incident.components.map((change) => change.name);
    return {
      summary: truncateText(text.title, MAX_SUMMARY),
      source: 'Vigil status page',
      ...common,
      ...(components.length > 0 ? { component: components.join(', ') } : {}),
      group: 'incidents',
      custom_details: {
        event_id: event.id,
        incident_id: incident.id,
        status: incident.status,
        impact: incident.impact,
        details: text.lines,
      },
    };
  }
  return {
    summary: truncateText(text.title, MAX_SUMMARY),
    source: 'Vigil',
    ...common,
    custom_details: { event_id: event.id, message: event.message },
  };
}
