// One monitor in the admin: its status and since when, its settings, the verdict of every region,
// the latency chart over a chosen range, the latest results and the status changes with reasons.
import { certificateThresholdsOf, seesCertificates } from '../../../domain/monitoring/index.js';
import { LatencyChart } from '../../charts/latency-chart.js';
import { LATENCY_RANGES, type MonitorPage } from '../monitor-pages.js';
import { adminPaths } from '../paths.js';
import { Fact, When } from './common.js';
import { DangerZone } from './deletion.js';
import { PostForm } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import {
  MONITOR_TYPE_LABELS,
  MonitorStatusBadge,
  formatDuration,
  latencyText,
  targetSummary,
} from './monitor-common.js';
import { ConditionList, ResultTable, TransitionList } from './monitor-history.js';
import { RegionVerdicts } from './monitor-regions.js';

const RANGE_LABELS = { '24h': '24 hours', '7d': '7 days', '30d': '30 days' } as const;

function PauseButton({ page, csrf }: { page: MonitorPage; csrf: string }) {
  const { monitor } = page.detail;
  const paused = monitor.settings.paused;
  return (
    <PostForm
      action={paused ? adminPaths.resumeMonitor(monitor.id) : adminPaths.pauseMonitor(monitor.id)}
      csrf={csrf}
      class="inline"
    >
      <button type="submit" class={paused ? 'button primary' : 'button'}>
        {paused ? 'Resume' : 'Pause'}
      </button>
    </PostForm>
  );
}

function Facts({ page }: { page: MonitorPage }) {
  const { monitor } = page.detail;
  const { settings } = monitor;
  return (
    <dl class="facts">
      <Fact term="Status">
        <MonitorStatusBadge status={page.status} />
        {page.state && page.status === page.state.status ? (
          <span class="muted">
            {' '}
            since <When at={new Date(page.state.since)} timeZone="Etc/UTC" />
          </span>
        ) : (
          ''
        )}
      </Fact>
      <Fact term="Type">
        <span safe>{MONITOR_TYPE_LABELS[monitor.type]}</span>
      </Fact>
      <Fact term="Target">
        <code safe>{targetSummary(monitor)}</code>
      </Fact>
      <Fact term="Every">
        <span
          safe
        >{`${formatDuration(settings.intervalMs)}, timeout ${formatDuration(settings.timeoutMs)}`}</span>
      </Fact>
      <Fact term="Rules">
        <span safe>
          {`failing after ${settings.failureThreshold}, recovered after ${settings.successThreshold}, down when ${settings.quorum} of ${settings.regions.length} regions fail`}
        </span>
      </Fact>
      <Fact term="Degraded above">
        <span safe>
          {settings.degradedLatencyMs === null
            ? 'No limit'
            : latencyText(settings.degradedLatencyMs)}
        </span>
      </Fact>
      {seesCertificates(monitor.type) ? (
        <CertificateNotices days={certificateThresholdsOf(settings)} />
      ) : (
        ''
      )}
      <Fact term="Drives">
        {page.components.length > 0 ? (
          <span safe>{page.components.map((c) => `${c.name} (${c.pageName})`).join(', ')}</span>
        ) : (
          <span class="muted">No component</span>
        )}
      </Fact>
    </dl>
  );
}

function CertificateNotices({ days }: { days: readonly number[] }) {
  return (
    <Fact term="Certificate notices">
      {days.length === 0 ? (
        <span class="muted">None</span>
      ) : (
        <span safe>{`${days.join(', ')} days before expiry`}</span>
      )}
    </Fact>
  );
}

function Conditions({ conditions }: { conditions: readonly string[] }) {
  if (conditions.length === 0) return '';
  return (
    <section class="panel" aria-labelledby="conditions-title">
      <h2 id="conditions-title">Conditions</h2>
      <ConditionList conditions={conditions} />
    </section>
  );
}

function Latency({ page }: { page: MonitorPage }) {
  const { monitor } = page.detail;
  return (
    <section class="panel" aria-labelledby="latency-title">
      <div class="panel-header">
        <h2 id="latency-title">Latency</h2>
        <nav class="range-links" aria-label="Time range">
          {LATENCY_RANGES.map((range) => (
            <a
              href={adminPaths.monitorRange(monitor.id, range)}
              aria-current={range === page.range ? 'page' : undefined}
            >
              {RANGE_LABELS[range]}
            </a>
          ))}
        </nav>
      </div>
      <LatencyChart
        points={page.latency}
        range={page.range}
        timeZone="Etc/UTC"
        end={page.now}
        label={monitor.name}
      />
    </section>
  );
}

export function MonitorDetailPage({
  view,
  page,
  notifications,
}: {
  view: AdminView;
  page: MonitorPage;
  /** The box of channels hearing about the monitor (notification-box.tsx). */
  notifications?: JSX.Element;
}) {
  const { monitor } = page.detail;
  return (
    <Layout view={view} title={monitor.name} section="monitors">
      <PageHeader title={monitor.name} crumbs={[['Monitors', adminPaths.monitors]]}>
        <PauseButton page={page} csrf={view.csrf} />
        <a class="button" href={adminPaths.editMonitor(monitor.id)}>
          Edit monitor
        </a>
      </PageHeader>
      <Facts page={page} />
      <section class="panel" aria-labelledby="regions-title">
        <h2 id="regions-title">Regions</h2>
        <RegionVerdicts regions={page.regions} />
      </section>
      <Latency page={page} />
      <section class="panel" aria-labelledby="results-title">
        <h2 id="results-title">Latest results</h2>
        <ResultTable results={page.results} />
      </section>
      <section class="panel" aria-labelledby="transitions-title">
        <h2 id="transitions-title">Status changes</h2>
        <TransitionList transitions={page.transitions} />
      </section>
      <Conditions conditions={monitor.conditions} />
      {(notifications ?? '') as 'safe'}
      <DangerZone
        what="monitor"
        href={adminPaths.deleteMonitor(monitor.id)}
        note="Deleting removes its check results and status history for good."
      />
    </Layout>
  );
}
