// The list of monitors: what each checks, from where and how often, its status and last check.
import type { MonitorListEntry } from '../monitor-pages.js';
import { adminPaths } from '../paths.js';
import { EmptyState, When } from './common.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import {
  MONITOR_TYPE_LABELS,
  MonitorStatusBadge,
  formatDuration,
  latencyText,
  targetSummary,
} from './monitor-common.js';

function MonitorRowView({ entry }: { entry: MonitorListEntry }) {
  const { monitor } = entry.detail;
  const last = entry.lastResult;
  return (
    <tr>
      <th scope="row">
        <a href={adminPaths.monitor(monitor.id)} safe>
          {monitor.name}
        </a>
      </th>
      <td data-label="Type" safe>
        {MONITOR_TYPE_LABELS[monitor.type]}
      </td>
      <td data-label="Target" class="target">
        <code safe>{targetSummary(monitor)}</code>
      </td>
      <td data-label="Regions" safe>
        {monitor.settings.regions.join(', ')}
      </td>
      <td data-label="Interval" safe>
        {formatDuration(monitor.settings.intervalMs)}
      </td>
      <td data-label="Status">
        <MonitorStatusBadge status={entry.status} />
      </td>
      <td data-label="Last check">
        {last ? (
          <>
            <When at={new Date(last.checkedAt)} timeZone="Etc/UTC" />
            <span class="muted block" safe>
              {latencyText(last.latencyMs)}
            </span>
          </>
        ) : (
          <span class="muted">Never</span>
        )}
      </td>
    </tr>
  );
}

export function MonitorListPage(props: { view: AdminView; monitors: MonitorListEntry[] }) {
  return (
    <Layout view={props.view} title="Monitors" section="monitors">
      <PageHeader
        title="Monitors"
        lead="Checks run by the probe agents of each region; their results set the status of the components they drive."
      >
        <a class="button" href={adminPaths.probeTokens}>
          Probe tokens
        </a>
        <a class="button primary" href={adminPaths.newMonitor}>
          New monitor
        </a>
      </PageHeader>
      {props.monitors.length === 0 ? (
        <EmptyState>
          <p>No monitor yet.</p>
          <p>
            <a class="button primary" href={adminPaths.newMonitor}>
              Create your first monitor
            </a>
          </p>
        </EmptyState>
      ) : (
        <section class="panel" aria-label="Monitors">
          <div class="table-wrap">
            <table class="monitors">
              <caption class="visually-hidden">Monitors</caption>
              <thead>
                <tr>
                  <th scope="col">Monitor</th>
                  <th scope="col">Type</th>
                  <th scope="col">Target</th>
                  <th scope="col">Regions</th>
                  <th scope="col">Interval</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last check</th>
                </tr>
              </thead>
              <tbody>
                {props.monitors.map((entry) => (
                  <MonitorRowView entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>
  );
}
