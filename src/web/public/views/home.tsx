// A status page as visitors first see it: overall banner, open incidents, maintenance in progress,
// components, upcoming maintenance and the last days of history.
import type { PageSnapshot } from '../../../cache/page-snapshots.js';
import { SNAPSHOT_API_LIST_SIZE } from '../../../cache/page-snapshots.js';
import { componentLayout } from '../component-layout.js';
import { historyDays, type HistoryDay } from '../history-days.js';
import { pageUrl } from '../links.js';
import { indicatorTone } from '../presentation.js';
import { dayKeyLabel } from '../time-format.js';
import type { PageView } from './context.js';
import type { Staleness } from '../staleness.js';
import { ComponentsSection } from './components.js';
import { StatusIcon } from './icons.js';
import { HistoryEntry, IncidentCard } from './incident.js';
import { Document } from './layout.js';

/** How many calendar days of history the status page itself lists. */
export const HOME_HISTORY_DAYS = 7;

function Banner({ view }: { view: PageView }): JSX.Element {
  const tone = indicatorTone(view.status.indicator);
  return (
    <section class={`banner tone-${tone}`} aria-labelledby="status-title">
      <StatusIcon tone={tone} />
      <h1 id="status-title" class="banner-title">
        <span class="visually-hidden" safe>
          {`${view.page.name} status: `}
        </span>
        <span safe>{view.status.description}</span>
      </h1>
    </section>
  );
}

function IncidentsSection(props: {
  id: string;
  title: string;
  incidents: PageSnapshot['unresolvedIncidents'];
  view: PageView;
}): JSX.Element {
  if (props.incidents.length === 0) return '';
  return (
    <section class="section" aria-labelledby={props.id}>
      <h2 id={props.id} class="section-title" safe>
        {props.title}
      </h2>
      {props.incidents.map((incident) => (
        <IncidentCard incident={incident} view={props.view} level={3} />
      ))}
    </section>
  );
}

function PastIncidents(props: { days: HistoryDay[]; view: PageView }): JSX.Element {
  return (
    <section class="section" aria-labelledby="history-title">
      <h2 id="history-title" class="section-title">
        Past incidents
      </h2>
      <ol class="days">
        {props.days.map((day) => (
          <li class="day">
            <h3 class="day-title">
              <time datetime={day.key} safe>
                {dayKeyLabel(day.key)}
              </time>
            </h3>
            {day.entries.length === 0 ? (
              <p class="quiet">No incidents reported.</p>
            ) : (
              day.entries.map((incident) => (
                <HistoryEntry incident={incident} view={props.view} level={4} />
              ))
            )}
          </li>
        ))}
      </ol>
      <p class="more">
        <a href={props.view.links.history}>View full incident history</a>
      </p>
    </section>
  );
}

export function HomePage(props: {
  snapshot: PageSnapshot;
  view: PageView;
  now: Date;
  stale?: Staleness | undefined;
}): string {
  const { snapshot, view } = props;
  const days = historyDays({
    incidents: snapshot.apiIncidents,
    incidentsComplete: snapshot.apiIncidents.length < SNAPSHOT_API_LIST_SIZE,
    maintenances: snapshot.recentMaintenances,
    maintenancesComplete: snapshot.recentMaintenances.length < SNAPSHOT_API_LIST_SIZE,
    clock: view.clock,
    now: props.now,
    days: HOME_HISTORY_DAYS,
  });
  const layout = componentLayout(snapshot.groups, snapshot.components);
  return Document({
    title: `${view.page.name} Status — ${view.status.description}`,
    description: view.page.description || `Current status of ${view.page.name}.`,
    cssHref: view.cssHref,
    tone: indicatorTone(view.status.indicator),
    canonical: pageUrl(view.baseUrl, view.page),
    view,
    stale: props.stale,
    children: (
      <>
        {view.page.description ? (
          <p class="page-description" safe>
            {view.page.description}
          </p>
        ) : (
          ''
        )}
        <Banner view={view} />
        <IncidentsSection
          id="active-incidents"
          title="Active incidents"
          incidents={snapshot.unresolvedIncidents}
          view={view}
        />
        <IncidentsSection
          id="active-maintenance"
          title="Maintenance in progress"
          incidents={snapshot.activeMaintenances}
          view={view}
        />
        <ComponentsSection layout={layout} uptime={snapshot.uptime} />
        <IncidentsSection
          id="upcoming-maintenance"
          title="Upcoming maintenance"
          incidents={snapshot.upcomingMaintenances}
          view={view}
        />
        <PastIncidents days={days} view={view} />
      </>
    ),
  });
}
