// The one page that ever shows a heartbeat monitor's push URL: only a hash of its secret is kept.
import type { MonitorRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import type { AdminView } from './layout.js';
import { SecretOncePage } from './secret-once.js';

export function HeartbeatCreatedPage(props: { view: AdminView; monitor: MonitorRow; url: string }) {
  return (
    <SecretOncePage
      view={props.view}
      section="monitors"
      title="Heartbeat monitor created"
      crumbs={[['Monitors', adminPaths.monitors]]}
      what="URL"
      ifLost="delete the monitor and create another"
      label={`Push URL of “${props.monitor.name}”`}
      secret={props.url}
      done={adminPaths.monitor(props.monitor.id)}
    >
      <p>
        Have your job request it each time it succeeds, e.g.{' '}
        <code safe>{`curl -fsS ${props.url}`}</code>. The monitor goes down when no request arrives
        within its interval and grace.
      </p>
    </SecretOncePage>
  );
}
