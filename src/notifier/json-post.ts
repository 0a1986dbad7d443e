// One JSON POST of a chat or push service's payload, with the headers every such channel sends:
// the content type, who is sending, and the stable event id (for receivers that deduplicate).
import type { NotificationEvent } from '../domain/notifications/index.js';
import type { SendContext, SendResult } from './channel.js';
import { postToReceiver } from './http-post.js';

export function postJson(
  url: string,
  payload: unknown,
  event: NotificationEvent,
  context: SendContext,
): Promise<SendResult> {
  return postToReceiver({
    url,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Vigil-Notifier',
      'vigil-event-id': event.id,
    },
    body: JSON.stringify(payload),
    signal: context.signal,
  });
}
