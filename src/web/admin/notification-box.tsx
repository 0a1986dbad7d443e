// The "Notifications" box of monitor and component pages, read and rendered in one call so both
// pages show it the same way.
import type { WebDependencies } from '../app.js';
import { componentScope, hearing, monitorScope } from './channel-pages.js';
import { NotificationBox } from './views/notification-box.js';

export async function notificationBox(
  deps: WebDependencies,
  subject: { monitorId: string; componentIds: readonly string[] } | { componentId: string },
): Promise<JSX.Element> {
  const [heard, channels] = await Promise.all([
    hearing(deps, subject),
    deps.services.channels.list(),
  ]);
  const scope =
    'monitorId' in subject ? monitorScope(subject.monitorId) : componentScope(subject.componentId);
  return (
    <NotificationBox
      hearing={heard}
      scope={scope}
      channels={channels.map((channel) => ({ id: channel.id, name: channel.name }))}
    />
  );
}
