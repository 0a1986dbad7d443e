// The delivery log (newest first, filtered by status, receiver — channels or subscribers —,
// channel and subscriber; status "dead" is the dead letters, with "retry all" per channel) and
// one delivery with every attempt.
import type { DeliveryDetail } from '../../../services/delivery-service.js';
import type { ChannelView } from '../../../services/channel-service.js';
import type { SubscriberView } from '../../../services/subscriber-admin-service.js';
import type { DeliveryLogEntry } from '../../../store/delivery-repository.js';
import { adminPaths, type DeliveryFilterQuery } from '../paths.js';
import { EmptyState, Fact, Pagination, TableHead, When } from './common.js';
import {
  DELIVERY_STATUS_LABELS,
  DeliveredOrNext,
  DeliveryStatusBadge,
  DeliveryTable,
  LastOutcome,
  Receiver,
  RetryButton,
} from './delivery-common.js';
import { PostForm, Select, TextField, type Choice, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

const crumbs = [['Notifications', adminPaths.channels]] as const;

const ANY: Choice = ['', 'Any'];
const TARGET_CHOICES: readonly Choice[] = [
  ANY,
  ['channel', 'Channels'],
  ['subscriber', 'Subscribers'],
];

/** The filters as typed, each with its message when the log refused it. */
function FilterForm(props: {
  form: FormState;
  channels: ChannelView[];
  subscriber: SubscriberView | undefined;
}) {
  const { form } = props;
  return (
    <form method="get" action={adminPaths.deliveries} class="field-row align-end" role="search">
      <Select
        form={form}
        name="status"
        label="Status"
        compact
        choices={[ANY, ...Object.entries(DELIVERY_STATUS_LABELS)]}
      />
      <Select form={form} name="target" label="Receiver" compact choices={TARGET_CHOICES} />
      <Select
        form={form}
        name="channel"
        label="Channel"
        compact
        choices={[ANY, ...props.channels.map((channel) => [channel.id, channel.name] as const)]}
      />
      <TextField
        form={form}
        name="subscriber"
        label="Subscriber id"
        maxlength={100}
        hint={props.subscriber?.address}
      />
      <button type="submit" class="button">
        Show
      </button>
    </form>
  );
}

function lead(dead: boolean, subscriber: SubscriberView | undefined): string {
  if (dead) {
    return 'Deliveries whose every attempt failed. Retry sends one again now, with a fresh set of attempts.';
  }
  return subscriber
    ? `Every event for ${subscriber.address}, newest first, with how its attempts went.`
    : 'Every event for every channel and subscriber, newest first, with how its attempts went.';
}

export function DeliveryListPage(props: {
  view: AdminView;
  filter: DeliveryFilterQuery;
  /** Messages at the filter fields the log refused; nothing is listed then. */
  errors: FormState['errors'];
  channels: ChannelView[];
  /** The subscriber filtered on, when it exists. */
  subscriber: SubscriberView | undefined;
  deliveries: DeliveryLogEntry[];
  page: number;
  pageSize: number;
  total: number;
}) {
  const { filter } = props;
  const refused = Object.keys(props.errors).length > 0;
  const dead = filter.status === 'dead';
  const title = dead ? 'Dead letters' : 'Delivery log';
  const base = adminPaths.deliveriesWhere(filter);
  const here = props.page > 1 ? `${base}${base.includes('?') ? '&' : '?'}p=${props.page}` : base;
  const channel = props.channels.find((c) => c.id === filter.channel);
  return (
    <Layout view={props.view} title={title} section="notifications">
      <PageHeader title={title} crumbs={crumbs} lead={lead(dead, props.subscriber)}>
        {dead && channel && props.total > 0 ? (
          <PostForm
            action={adminPaths.retryDeadOfChannel(channel.id)}
            csrf={props.view.csrf}
            class="inline"
          >
            <input type="hidden" name="next" value={here} />
            <button type="submit" class="button primary" safe>
              {`Retry all dead for ${channel.name}`}
            </button>
          </PostForm>
        ) : (
          ''
        )}
      </PageHeader>
      <section class="panel" aria-label="Filter">
        <FilterForm
          form={{ values: { ...filter }, errors: props.errors }}
          channels={props.channels}
          subscriber={props.subscriber}
        />
      </section>
      <section class="panel" aria-labelledby="deliveries-title">
        {refused ? (
          <>
            <h2 id="deliveries-title">No deliveries listed</h2>
            <EmptyState>
              <p>Nothing is listed until the filter is corrected.</p>
            </EmptyState>
          </>
        ) : (
          <DeliveryList {...props} here={here} base={base} dead={dead} />
        )}
      </section>
    </Layout>
  );
}

/** The count of matches, the table of this page of them and the page links. */
function DeliveryList(props: {
  view: AdminView;
  channels: ChannelView[];
  deliveries: DeliveryLogEntry[];
  page: number;
  pageSize: number;
  total: number;
  /** The filtered log, and that page of it (where the retry buttons come back to). */
  base: string;
  here: string;
  dead: boolean;
}) {
  return (
    <>
      <h2
        id="deliveries-title"
        safe
      >{`${props.total} ${props.total === 1 ? 'delivery' : 'deliveries'}`}</h2>
      {props.deliveries.length > 0 ? (
        <>
          <DeliveryTable
            deliveries={props.deliveries}
            channelNames={new Map(props.channels.map((c) => [c.id, c.name]))}
            csrf={props.view.csrf}
            here={props.here}
          />
          <Pagination
            base={props.base}
            page={props.page}
            pageSize={props.pageSize}
            total={props.total}
          />
        </>
      ) : (
        <EmptyState>
          <p>
            {props.dead
              ? 'No dead letter. Every delivery got through or is still trying.'
              : 'No delivery matches.'}
          </p>
        </EmptyState>
      )}
    </>
  );
}

/** Whom the delivery is for, in the page's title: the channel's name or the subscriber's address. */
function receiverTitle(
  delivery: DeliveryDetail,
  channel: ChannelView | undefined,
  subscriber: SubscriberView | undefined,
): string {
  if (delivery.channelId !== null) return channel?.name ?? delivery.channelId;
  return subscriber?.address ?? 'a removed subscriber';
}

export function DeliveryDetailPage(props: {
  view: AdminView;
  delivery: DeliveryDetail;
  channel: ChannelView | undefined;
  /** The subscriber it is for; undefined for a channel's, or when the subscriber is gone. */
  subscriber: SubscriberView | undefined;
}) {
  const { delivery, channel, subscriber } = props;
  const title = `${delivery.eventType} to ${receiverTitle(delivery, channel, subscriber)}`;
  return (
    <Layout view={props.view} title={title} section="notifications">
      <PageHeader title={title} crumbs={[...crumbs, ['Delivery log', adminPaths.deliveries]]}>
        {delivery.status === 'delivered' ? (
          ''
        ) : (
          <RetryButton
            id={delivery.id}
            csrf={props.view.csrf}
            next={adminPaths.delivery(delivery.id)}
            label="Retry now"
          />
        )}
      </PageHeader>
      <dl class="facts">
        <Fact term="Status">
          <DeliveryStatusBadge status={delivery.status} />
        </Fact>
        <Fact term="Event id">
          <code safe>{delivery.eventId}</code>
        </Fact>
        <Fact term="Receiver">
          <Receiver entry={delivery} name={channel?.name ?? subscriber?.address} />
        </Fact>
        <Fact term="Attempts">
          <span safe>{String(delivery.attempts)}</span>
        </Fact>
        <Fact term="Last answer">
          <LastOutcome entry={delivery} />
        </Fact>
        <Fact term="Created">
          <When at={delivery.createdAt} timeZone="Etc/UTC" />
        </Fact>
        <Fact term={delivery.deliveredAt ? 'Delivered' : 'Next try'}>
          <DeliveredOrNext entry={delivery} none="None: every attempt failed" />
        </Fact>
      </dl>
      <section class="panel" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Attempts</h2>
        {delivery.attemptLog.length === 0 ? (
          <p class="muted">No attempt yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="attempts">
              <TableHead
                columns={['#', 'Time', 'Result', 'Status code', 'Error', 'Duration', 'Notifier']}
              />
              <tbody>
                {delivery.attemptLog.map((attempt) => (
                  <tr>
                    <th scope="row" safe>
                      {String(attempt.attempt)}
                    </th>
                    <td data-label="Time">
                      <When at={attempt.at} timeZone="Etc/UTC" />
                    </td>
                    <td data-label="Result">
                      {attempt.ok ? (
                        <span class="badge delivery-delivered">OK</span>
                      ) : (
                        <span class="badge delivery-dead">Failed</span>
                      )}
                    </td>
                    <td data-label="Status code" safe>
                      {attempt.status_code === null ? '–' : String(attempt.status_code)}
                    </td>
                    <td data-label="Error" safe>
                      {attempt.error ?? '–'}
                    </td>
                    <td data-label="Duration" safe>
                      {`${attempt.duration_ms} ms`}
                    </td>
                    <td data-label="Notifier">
                      <code safe>{attempt.notifier}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}
