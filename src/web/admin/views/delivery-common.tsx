// Pieces of the delivery log shown on several pages: the status badge, the retry button, and the
// table of deliveries (the log, and a channel's recent ones).
import type { DeliveryLogEntry } from '../../../store/delivery-repository.js';
import type { DeliveryStatus } from '../../../store/notification-schema.js';
import { adminPaths } from '../paths.js';
import { TableHead, When } from './common.js';
import { PostForm } from './form-controls.js';

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  dead: 'Dead',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <span class={`badge delivery-${status}`} safe>
      {DELIVERY_STATUS_LABELS[status]}
    </span>
  );
}

/** Sends a pending or dead delivery again now; `next` is the page to come back to. */
export function RetryButton(props: { id: number; csrf: string; next: string; label?: string }) {
  return (
    <PostForm action={adminPaths.retryDelivery(props.id)} csrf={props.csrf} class="inline">
      <input type="hidden" name="next" value={props.next} />
      <button type="submit" class="button small" safe>
        {props.label ?? 'Retry'}
      </button>
    </PostForm>
  );
}

/** The last answer in words: "HTTP 500: receiver says 500", or the error alone. */
export function LastOutcome({ entry }: { entry: DeliveryLogEntry }) {
  if (entry.lastStatusCode === null && entry.lastError === null) {
    return <span class="muted">–</span>;
  }
  return (
    <span safe>
      {[entry.lastStatusCode === null ? '' : `HTTP ${entry.lastStatusCode}`, entry.lastError ?? '']
        .filter(Boolean)
        .join(': ')}
    </span>
  );
}

/**
 * Whom a delivery is for: a channel (linked), or a status-page subscriber (linked to its log).
 * `name` is the channel's name or the subscriber's address, when known.
 */
export function Receiver(props: {
  entry: { channelId: string | null; subscriberId: string | null };
  name: string | undefined;
}) {
  const { channelId, subscriberId } = props.entry;
  if (channelId !== null) {
    return (
      <a href={adminPaths.channel(channelId)} safe>
        {props.name ?? channelId}
      </a>
    );
  }
  const id = subscriberId ?? '';
  if (props.name === undefined) {
    return (
      <span>
        Subscriber{' '}
        <a href={adminPaths.deliveriesWhere({ subscriber: id })}>
          <code safe>{id}</code>
        </a>
      </span>
    );
  }
  return (
    <span>
      Subscriber{' '}
      <a href={adminPaths.deliveriesWhere({ subscriber: id })} safe>
        {props.name}
      </a>{' '}
      <code class="muted" safe>
        {id}
      </code>
    </span>
  );
}

/** When it was delivered, or when it is tried next; `none` for a dead one. */
export function DeliveredOrNext(props: { entry: DeliveryLogEntry; none?: string }) {
  const { entry } = props;
  if (entry.deliveredAt) return <When at={entry.deliveredAt} timeZone="Etc/UTC" />;
  if (entry.status === 'pending') return <When at={entry.nextAttemptAt} timeZone="Etc/UTC" />;
  return (
    <span class="muted" safe>
      {props.none ?? '–'}
    </span>
  );
}

export function DeliveryTable(props: {
  deliveries: DeliveryLogEntry[];
  /** Channel id → name. */
  channelNames: ReadonlyMap<string, string>;
  csrf: string;
  /** The page the retry buttons come back to. */
  here: string;
}) {
  return (
    <div class="table-wrap">
      <table class="deliveries">
        <TableHead
          columns={[
            'Event',
            'Receiver',
            'Status',
            'Attempts',
            'Last answer',
            'Created',
            'Delivered / next try',
          ]}
          actions
        />
        <tbody>
          {props.deliveries.map((entry) => (
            <tr>
              <th scope="row">
                <a href={adminPaths.delivery(entry.id)} safe>
                  {entry.eventType}
                </a>
                <code class="muted block small" safe>
                  {entry.eventId}
                </code>
              </th>
              <td data-label="Receiver">
                <Receiver entry={entry} name={props.channelNames.get(entry.channelId ?? '')} />
              </td>
              <td data-label="Status">
                <DeliveryStatusBadge status={entry.status} />
              </td>
              <td data-label="Attempts" safe>
                {String(entry.attempts)}
              </td>
              <td data-label="Last answer">
                <LastOutcome entry={entry} />
              </td>
              <td data-label="Created">
                <When at={entry.createdAt} timeZone="Etc/UTC" />
              </td>
              <td data-label="Delivered / next try">
                <DeliveredOrNext entry={entry} />
              </td>
              <td data-label="Actions">
                {entry.status === 'delivered' ? (
                  ''
                ) : (
                  <RetryButton id={entry.id} csrf={props.csrf} next={props.here} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
