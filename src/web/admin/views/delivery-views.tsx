// The delivery log (newest first, filtered by status and channel; status "dead" is the dead
// letters, with "retry all" per channel) and one delivery with every attempt.
import type { DeliveryDetail } from '../../../services/delivery-service.js';
import type { ChannelView } from '../../../services/channel-service.js';
import type { DeliveryLogEntry } from '../../../store/delivery-repository.js';
import type { DeliveryStatus } from '../../../store/notification-schema.js';
import { adminPaths } from '../paths.js';
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
import { PostForm } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export interface DeliveryFilterValues {
  status: DeliveryStatus | undefined;
  channel: string | undefined;
}

const crumbs = [['Notifications', adminPaths.channels]] as const;

function FilterForm(props: { filter: DeliveryFilterValues; channels: ChannelView[] }) {
  const { filter } = props;
  return (
    <form method="get" action={adminPaths.deliveries} class="field-row align-end" role="search">
      <div class="field compact">
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          <option value="" selected={filter.status === undefined}>
            Any
          </option>
          {(Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[]).map((status) => (
            <option value={status} selected={filter.status === status} safe>
              {DELIVERY_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div class="field compact">
        <label for="f-channel">Channel</label>
        <select id="f-channel" name="channel">
          <option value="" selected={filter.channel === undefined}>
            Any
          </option>
          {props.channels.map((channel) => (
            <option value={channel.id} selected={filter.channel === channel.id} safe>
              {channel.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        Show
      </button>
    </form>
  );
}

export function DeliveryListPage(props: {
  view: AdminView;
  filter: DeliveryFilterValues;
  channels: ChannelView[];
  deliveries: DeliveryLogEntry[];
  page: number;
  pageSize: number;
  total: number;
}) {
  const { filter } = props;
  const dead = filter.status === 'dead';
  const title = dead ? 'Dead letters' : 'Delivery log';
  const base = adminPaths.deliveriesWhere(filter);
  const here = props.page > 1 ? `${base}${base.includes('?') ? '&' : '?'}p=${props.page}` : base;
  const channel = props.channels.find((c) => c.id === filter.channel);
  return (
    <Layout view={props.view} title={title} section="notifications">
      <PageHeader
        title={title}
        crumbs={crumbs}
        lead={
          dead
            ? 'Deliveries whose every attempt failed. Retry sends one again now, with a fresh set of attempts.'
            : 'Every event for every channel, newest first, with how its attempts went.'
        }
      >
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
        <FilterForm filter={filter} channels={props.channels} />
      </section>
      <section class="panel" aria-labelledby="deliveries-title">
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
              here={here}
            />
            <Pagination
              base={base}
              page={props.page}
              pageSize={props.pageSize}
              total={props.total}
            />
          </>
        ) : (
          <EmptyState>
            <p>
              {dead
                ? 'No dead letter. Every delivery got through or is still trying.'
                : 'No delivery matches.'}
            </p>
          </EmptyState>
        )}
      </section>
    </Layout>
  );
}

export function DeliveryDetailPage(props: {
  view: AdminView;
  delivery: DeliveryDetail;
  channel: ChannelView | undefined;
}) {
  const { delivery, channel } = props;
  const title = `${delivery.eventType} to ${channel?.name ?? delivery.channelId ?? 'a subscriber'}`;
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
          <Receiver entry={delivery} name={channel?.name} />
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
