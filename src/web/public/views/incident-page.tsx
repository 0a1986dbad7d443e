// The permalink page of one incident or maintenance: every update, with the component changes
// each one made.
import type { IncidentDetail } from '../../../store/incident-repository.js';
import { incidentPermalink } from '../links.js';
import { impactTone } from '../presentation.js';
import type { PageView } from './context.js';
import type { Staleness } from '../staleness.js';
import {
  AffectedComponents,
  IncidentChips,
  MaintenanceWindow,
  TimeStamp,
  UpdateList,
} from './incident.js';
import { Document } from './layout.js';

export function IncidentPage(props: {
  incident: IncidentDetail;
  view: PageView;
  stale?: Staleness | undefined;
}): string {
  const { incident, view } = props;
  const what = incident.kind === 'maintenance' ? 'Maintenance' : 'Incident';
  return Document({
    title: `${incident.name} — ${view.page.name} Status`,
    description: `${what} report: ${incident.name}`,
    cssHref: view.cssHref,
    tone: impactTone(incident.impact),
    canonical: incidentPermalink(view.baseUrl, view.page, incident.id),
    view,
    stale: props.stale,
    children: (
      <>
        <p class="back">
          <a href={view.links.home}>
            ← <span safe>{view.page.name}</span> status
          </a>
        </p>
        <article class={`card incident incident-detail tone-${impactTone(incident.impact)}`}>
          <header class="incident-head">
            <p class="eyebrow" safe>
              {`${what} report`}
            </p>
            <h1 class="page-title" safe>
              {incident.name}
            </h1>
            <IncidentChips incident={incident} />
          </header>
          {incident.kind === 'maintenance' ? (
            <MaintenanceWindow incident={incident} view={view} />
          ) : (
            <p class="window">
              <span class="window-label">Started </span>
              <TimeStamp at={incident.started_at} clock={view.clock} />
              {incident.resolved_at ? (
                <>
                  <span class="window-label"> · Resolved </span>
                  <TimeStamp at={incident.resolved_at} clock={view.clock} />
                </>
              ) : (
                ''
              )}
            </p>
          )}
          <AffectedComponents incident={incident} view={view} />
          <h2 class="visually-hidden">Updates</h2>
          <UpdateList updates={incident.updates} clock={view.clock} showChanges />
        </article>
      </>
    ),
  });
}
