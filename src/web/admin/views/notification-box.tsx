// The "Notifications" box of a monitor's or component's page: which channels hear about it, by
// which route, and the way to add one.
import type { HearingChannel } from '../channel-pages.js';
import { adminPaths } from '../paths.js';
import { EnabledState } from './channel-list.js';

export function NotificationBox(props: {
  hearing: HearingChannel[];
  /** `monitor:<id>` or `component:<id>`, preselected in the route form. */
  scope: string;
  /** Channels to offer the "add" link for (the first is used when there is one). */
  channels: Array<{ id: string; name: string }>;
}) {
  return (
    <section class="panel" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {props.hearing.length > 0 ? (
        <ul class="plain-list">
          {props.hearing.map(({ channel, line }) => (
            <li>
              <a href={adminPaths.channel(channel.id)} safe>
                {channel.name}
              </a>{' '}
              <span class="muted" safe>
                {`— route on ${line.scope === 'Everything' ? 'everything' : line.scope}: ${line.defaults ? 'the default events' : line.kinds.join(', ')}`}
              </span>
              {channel.enabled ? '' : <EnabledState enabled={false} />}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No channel hears about this yet.</p>
      )}
      {props.channels.length > 0 ? (
        <p>
          Add a route on a channel's page:{' '}
          {props.channels.map((channel, index) => (
            <>
              {index > 0 ? ', ' : ''}
              <a href={adminPaths.newRouteFor(channel.id, props.scope)} safe>
                {channel.name}
              </a>
            </>
          ))}
          .
        </p>
      ) : (
        <p>
          <a href={adminPaths.newChannel}>Create a channel</a> to be told about it.
        </p>
      )}
    </section>
  );
}
