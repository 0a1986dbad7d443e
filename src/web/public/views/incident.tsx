// Incidents and maintenances as shown on the public site: full cards with every update (active
// ones, permalink pages) and compact entries (history lists).
import type {
  IncidentDetail,
  IncidentUpdateWithComponents,
} from '../../../store/incident-repository.js';
import { renderMarkdown } from '../../markdown.js';
import { incidentPath } from '../links.js';
import {
  componentLabel,
  impactLabel,
  impactTone,
  updateStatusLabel,
  type Tone,
} from '../presentation.js';
import { utcLabel, type PageClock } from '../time-format.js';
import type { PageView } from './context.js';

export type HeadingLevel = 1 | 2 | 3 | 4;

export function Heading(props: {
  level: HeadingLevel;
  id?: string;
  class?: string;
  children: JSX.Element;
}): JSX.Element {
  // Children are markup built by the callers, whose own text is escaped where it is written.
  const safeChildren = props.children;
  return (
    <tag of={`h${props.level}`} id={props.id} class={props.class}>
      {safeChildren}
    </tag>
  );
}

export function TimeStamp({ at, clock }: { at: Date; clock: PageClock }): JSX.Element {
  return (
    <time datetime={at.toISOString()} title={utcLabel(at)} safe>
      {clock.dateTime(at)}
    </time>
  );
}

/** "Mar 5, 2025, 14:00 UTC – 16:00 UTC", repeating the date only when the range spans days. */
export function TimeRange(props: { from: Date; until: Date; clock: PageClock }): JSX.Element {
  const { from, until, clock } = props;
  return (
    <>
      <TimeStamp at={from} clock={clock} />
      {' – '}
      <time datetime={until.toISOString()} title={utcLabel(until)} safe>
        {clock.dayKey(from) === clock.dayKey(until) ? clock.time(until) : clock.dateTime(until)}
      </time>
    </>
  );
}

function Chip({ tone, label }: { tone: Tone; label: string }): JSX.Element {
  return (
    <span class={`chip tone-${tone}`} safe>
      {label}
    </span>
  );
}

/** The current status and impact of an incident, in words. */
export function IncidentChips({ incident }: { incident: IncidentDetail }): JSX.Element {
  const closed = incident.resolved_at !== null;
  return (
    <p class="chips">
      <Chip tone={closed ? 'ok' : 'neutral'} label={updateStatusLabel(incident.status)} />
      <Chip tone={impactTone(incident.impact)} label={impactLabel(incident.impact)} />
    </p>
  );
}

export function MaintenanceWindow(props: { incident: IncidentDetail; view: PageView }) {
  const { scheduled_for: from, scheduled_until: until } = props.incident;
  if (!from || !until) return '';
  const { clock } = props.view;
  return (
    <p class="window">
      <span class="window-label">Scheduled for </span>
      <TimeRange from={from} until={until} clock={clock} />
    </p>
  );
}

export function AffectedComponents(props: { incident: IncidentDetail; view: PageView }) {
  const names = props.incident.component_ids
    .map((id) => props.view.componentsById.get(id)?.name)
    .filter((name): name is string => name !== undefined);
  if (names.length === 0) return '';
  return (
    <p class="affected">
      <span class="affected-label">Affected: </span>
      <span safe>{names.join(', ')}</span>
    </p>
  );
}

function ComponentChanges({ update }: { update: IncidentUpdateWithComponents }) {
  if (update.affected_components.length === 0) return '';
  return (
    <ul class="changes">
      {update.affected_components.map((change) => (
        <li>
          <span class="change-name" safe>
            {change.name}
          </span>
          {': '}
          <span safe>{componentLabel(change.old_status)}</span>
          <span aria-hidden="true"> → </span>
          <span class="visually-hidden"> changed to </span>
          <span safe>{componentLabel(change.new_status)}</span>
        </li>
      ))}
    </ul>
  );
}

export function UpdateList(props: {
  updates: readonly IncidentUpdateWithComponents[];
  clock: PageClock;
  showChanges?: boolean;
}): JSX.Element {
  return (
    <ol class="updates">
      {props.updates.map((update) => {
        const safeBody = renderMarkdown(update.body);
        return (
          <li class="update">
            <p class="update-meta">
              <strong class="update-status" safe>
                {updateStatusLabel(update.status)}
              </strong>
              <TimeStamp at={update.display_at} clock={props.clock} />
            </p>
            <div class="update-body prose">{safeBody}</div>
            {props.showChanges ? <ComponentChanges update={update} /> : ''}
          </li>
        );
      })}
    </ol>
  );
}

/** An open incident or maintenance with all its updates (status page, permalink page). */
export function IncidentCard(props: {
  incident: IncidentDetail;
  view: PageView;
  level: HeadingLevel;
}): JSX.Element {
  const { incident, view } = props;
  const headingId = `incident-${incident.id}`;
  return (
    <article
      class={`card incident tone-${impactTone(incident.impact)}`}
      aria-labelledby={headingId}
    >
      <header class="incident-head">
        <Heading level={props.level} id={headingId} class="incident-title">
          <a href={incidentPath(view.page, incident.id)} safe>
            {incident.name}
          </a>
        </Heading>
        <IncidentChips incident={incident} />
      </header>
      {incident.kind === 'maintenance' ? <MaintenanceWindow incident={incident} view={view} /> : ''}
      <UpdateList updates={incident.updates} clock={view.clock} />
      <AffectedComponents incident={incident} view={view} />
    </article>
  );
}

/** When a history entry happened: its window for a maintenance, from start to end for an incident. */
function HistoryMeta(props: { incident: IncidentDetail; view: PageView }): JSX.Element {
  const { incident, view } = props;
  const { scheduled_for: from, scheduled_until: until } = incident;
  if (incident.kind === 'maintenance' && from && until) {
    return (
      <p class="history-meta">
        <span class="chip history-kind">Maintenance</span>
        <span class="window-label">Scheduled for </span>
        <TimeRange from={from} until={until} clock={view.clock} />
      </p>
    );
  }
  return (
    <p class="history-meta">
      {incident.resolved_at ? (
        <TimeRange from={incident.started_at} until={incident.resolved_at} clock={view.clock} />
      ) : (
        <>
          <TimeStamp at={incident.started_at} clock={view.clock} />
          <span class="ongoing"> · ongoing</span>
        </>
      )}
      <span class="history-impact" safe>
        {` · ${impactLabel(incident.impact)}`}
      </span>
    </p>
  );
}

/** One line of history: title, latest update and when it happened. */
export function HistoryEntry(props: {
  incident: IncidentDetail;
  view: PageView;
  level: HeadingLevel;
}): JSX.Element {
  const { incident, view } = props;
  const latest = incident.updates[0];
  const safeBody = latest ? renderMarkdown(latest.body) : '';
  return (
    <article class={`history-entry tone-${impactTone(incident.impact)}`}>
      <Heading level={props.level} class="history-title">
        <a href={incidentPath(view.page, incident.id)} safe>
          {incident.name}
        </a>
      </Heading>
      {latest ? (
        <div class="history-latest">
          <strong class="update-status" safe>
            {updateStatusLabel(latest.status)}
          </strong>
          <div class="update-body prose">{safeBody}</div>
        </div>
      ) : (
        ''
      )}
      <HistoryMeta incident={incident} view={view} />
    </article>
  );
}
