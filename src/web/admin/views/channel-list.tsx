// The notification channels: the list with each channel's type, routes and last delivery, and the
// first step of a new channel, choosing its type (each type then has a form of its own).
import { allChannelTypes } from '../../../notifier/channels/index.js';
import type { ChannelListEntry } from '../channel-pages.js';
import { adminPaths } from '../paths.js';
import { EmptyState, TableHead, When } from './common.js';
import { DeliveryStatusBadge } from './delivery-common.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

/** "Disabled" beside a channel that delivers nothing. */
export function EnabledState({ enabled }: { enabled: boolean }) {
  return enabled ? <span>Enabled</span> : <span class="tag">Disabled</span>;
}

function ChannelRow({ entry }: { entry: ChannelListEntry }) {
  const { channel } = entry;
  return (
    <tr>
      <th scope="row">
        <a href={adminPaths.channel(channel.id)} safe>
          {channel.name}
        </a>
      </th>
      <td data-label="Type" safe>
        {entry.typeLabel}
      </td>
      <td data-label="State">
        <EnabledState enabled={channel.enabled} />
      </td>
      <td data-label="Routes" safe>
        {String(entry.routes)}
      </td>
      <td data-label="Last delivery">
        {entry.last ? (
          <>
            <DeliveryStatusBadge status={entry.last.status} />{' '}
            <When at={entry.last.at} timeZone="Etc/UTC" />
          </>
        ) : (
          <span class="muted">None yet</span>
        )}
      </td>
    </tr>
  );
}

/** The links of the notification section, on each of its list pages. */
export function NotificationLinks() {
  return (
    <>
      <a class="button" href={adminPaths.deliveries}>
        Delivery log
      </a>
      <a class="button" href={adminPaths.deadLetters}>
        Dead letters
      </a>
      <a class="button primary" href={adminPaths.newChannel}>
        New channel
      </a>
    </>
  );
}

export function ChannelListPage(props: { view: AdminView; channels: ChannelListEntry[] }) {
  return (
    <Layout view={props.view} title="Notifications" section="notifications">
      <PageHeader
        title="Notifications"
        lead="Channels carry events (monitor down, recovered, incidents, maintenance) to the people and tools that act on them; routes say which events each channel hears."
      >
        <NotificationLinks />
      </PageHeader>
      {props.channels.length === 0 ? (
        <EmptyState>
          <p>No channel yet.</p>
          <p>
            <a class="button primary" href={adminPaths.newChannel}>
              Create your first channel
            </a>
          </p>
        </EmptyState>
      ) : (
        <section class="panel" aria-label="Channels">
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Channels</caption>
              <TableHead columns={['Channel', 'Type', 'State', 'Routes', 'Last delivery']} />
              <tbody>
                {props.channels.map((entry) => (
                  <ChannelRow entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>
  );
}

export function ChannelTypePage({ view }: { view: AdminView }) {
  return (
    <Layout view={view} title="New channel" section="notifications">
      <PageHeader
        title="New channel"
        crumbs={[['Notifications', adminPaths.channels]]}
        lead="Where should Vigil send events? Each type has its own settings on the next step."
      />
      <ul class="type-choices">
        {allChannelTypes().map((type) => (
          <li>
            <a class="type-choice" href={adminPaths.newChannelOfType(type.type)}>
              <strong safe>{type.label}</strong>
              <span class="muted" safe>
                {type.fields.map((field) => type.hints[field]?.label ?? field).join(', ')}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
