// One JSON POST of a chat or push service's payload, with the headers every such channel sends:
// the content type, who is sending, and the stable event id (for receivers that deduplicate).
import type { NotificationEvent } from '../domain/notifications/index.js';
import type { SendContext, SendResult } from './channel.js';
import { postToReceiver } from './http-post.js';

export interface JsonPost {
  /** The service's URL, a credential itself (a webhook URL, a path with a bot token). */
  url: string;
  payload: unknown;
  event: NotificationEvent;
  context: SendContext;
  /** Other secrets the URL carries (e.g. a bot token), also kept out of errors. */
  secrets?: readonly string[];
}

const REDACTED = '<redacted>';

/**
 * The headers every channel's request starts with: the body's type, who is sending, and the
 * stable event id (the same on every attempt, so receivers can drop duplicates).
 */
export function channelHeaders(
  event: NotificationEvent,
  contentType = 'application/json',
): Record<string, string> {
  return {
    'content-type': contentType,
    'user-agent': 'Vigil-Notifier',
    'vigil-event-id': event.id,
  };
}

export async function postJson(post: JsonPost): Promise<SendResult> {
  const result = await postToReceiver({
    url: post.url,
    headers: channelHeaders(post.event),
    body: JSON.stringify(post.payload),
    signal: post.context.signal,
  });
  if (result.error === null) return result;
  return { ...result, error: withoutSecrets(result.error, post.url, post.secrets ?? []) };
}

/**
 * `error` without the URL's secret parts (path, query) or the other secrets, in clear or
 * percent-encoded: an answer or a library may quote the URL, and errors go to the delivery log.
 */
function withoutSecrets(error: string, url: string, secrets: readonly string[]): string {
  const { pathname, search } = new URL(url);
  const parts = [url, `${pathname}${search}`, pathname, search.slice(1), ...secrets]
    .flatMap((part) => [part, encodeURIComponent(part)])
    // Longest first, so a whole URL goes before the path inside it; "/" and the like are no secret.
    .filter((part) => part.length >= 8)
    .sort((a, b) => b.length - a.length);
  return parts.reduce((text, part) => text.split(part).join(REDACTED), error);
}
