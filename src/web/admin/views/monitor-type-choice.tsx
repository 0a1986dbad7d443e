// The first step of a new monitor: choosing its type, each a link to that type's form.
import { MONITOR_TYPES, type MonitorKind } from '../../../domain/monitoring/monitor-spec.js';
import { adminPaths } from '../paths.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { MONITOR_TYPE_LABELS } from './monitor-common.js';

const DESCRIPTIONS: Record<MonitorKind, string> = {
  http: 'Requests a URL and checks the status, body, headers and latency.',
  tcp: 'Opens a TCP connection to a host and port (databases, mail, queues).',
  dns: 'Resolves a name and checks the answers.',
  tls: 'Connects with TLS and checks the certificate: trusted, matching, not expiring soon.',
  heartbeat:
    'Waits for your job to call a secret URL; missing pings mean it stopped (cron jobs, backups).',
};

export function MonitorTypePage({ view }: { view: AdminView }) {
  return (
    <Layout view={view} title="New monitor" section="monitors">
      <PageHeader
        title="New monitor"
        crumbs={[['Monitors', adminPaths.monitors]]}
        lead="What should Vigil watch? Each type has its own settings on the next step."
      />
      <ul class="type-choices">
        {MONITOR_TYPES.map((type) => (
          <li>
            <a class="type-choice" href={adminPaths.newMonitorOfType(type)}>
              <strong safe>{MONITOR_TYPE_LABELS[type]}</strong>
              <span class="muted" safe>
                {DESCRIPTIONS[type]}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
