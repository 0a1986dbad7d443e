// Small pieces many admin pages share: status badges, the choices of status selects, timestamps in
// a page's time zone, facts lists, and paging links.
import {
  COMPONENT_STATUSES,
  COMPONENT_STATUS_LABELS,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  INCIDENT_STATUS_LABELS,
  MAINTENANCE_STATUSES,
  type StatusIndicator,
} from '../../../domain/status.js';
import { formatInZone } from '../zoned-time.js';
import type { Choice } from './form-controls.js';

export const COMPONENT_STATUS_CHOICES: readonly Choice[] = COMPONENT_STATUSES.map(
  (status) => [status, COMPONENT_STATUS_LABELS[status]] as const,
);
export const INCIDENT_STATUS_CHOICES: readonly Choice[] = INCIDENT_STATUSES.map(
  (status) => [status, INCIDENT_STATUS_LABELS[status]] as const,
);
export const MAINTENANCE_STATUS_CHOICES: readonly Choice[] = MAINTENANCE_STATUSES.map(
  (status) => [status, INCIDENT_STATUS_LABELS[status]] as const,
);
export const IMPACT_LABELS: Record<string, string> = {
  none: 'None',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  maintenance: 'Maintenance',
};
export const IMPACT_CHOICES: readonly Choice[] = INCIDENT_IMPACTS.map(
  (impact) => [impact, IMPACT_LABELS[impact]!] as const,
);

const STATUS_LABELS: Record<string, string> = {
  ...COMPONENT_STATUS_LABELS,
  ...INCIDENT_STATUS_LABELS,
};

/** Any status word as the admin shows it ("In progress"). */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

/** A coloured label for any status word (component, incident, maintenance); the text carries the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge status-${status}`} safe>
      {statusLabel(status)}
    </span>
  );
}

export function ImpactBadge({ impact }: { impact: string }) {
  return (
    <span class={`badge impact-${impact}`} safe>
      {`${IMPACT_LABELS[impact] ?? impact} impact`}
    </span>
  );
}

export function IndicatorBadge({
  indicator,
  description,
}: {
  indicator: StatusIndicator;
  description: string;
}) {
  return (
    <span class={`badge indicator-${indicator}`} safe>
      {description}
    </span>
  );
}

/** A timestamp shown in the page's zone, machine-readable in UTC. */
export function When({ at, timeZone }: { at: Date; timeZone: string }) {
  return (
    <time datetime={at.toISOString()} safe>
      {formatInZone(at, timeZone)}
    </time>
  );
}

export function EmptyState({ children }: { children?: JSX.Element | JSX.Element[] }) {
  return <div class="empty">{children as 'safe'}</div>;
}

/** One term of a page's facts list (`<dl class="facts">`); the value is markup the caller built. */
export function Fact(props: { term: string; children?: JSX.Element | JSX.Element[] }) {
  return (
    <div>
      <dt safe>{props.term}</dt>
      <dd>{props.children as 'safe'}</dd>
    </div>
  );
}

/** Previous/next links for a paged list (`?p=N`, 1-based). */
export function Pagination(props: { base: string; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return '';
  const link = (page: number) => `${props.base}${props.base.includes('?') ? '&' : '?'}p=${page}`;
  return (
    <nav class="pagination" aria-label="Pages of results">
      {props.page > 1 ? (
        <a href={link(props.page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
      <span safe>{`Page ${props.page} of ${pages}`}</span>
      {props.page < pages ? (
        <a href={link(props.page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span aria-hidden="true"></span>
      )}
    </nav>
  );
}

/** The 1-based page number of a `?p=` query value, clamped to at least 1. */
export function pageNumber(query: unknown): number {
  const raw = (query as Record<string, unknown> | undefined)?.p;
  const value = typeof raw === 'string' ? Number.parseInt(raw, 10) : 1;
  return Number.isFinite(value) && value > 0 ? Math.min(value, 100_000) : 1;
}

/** The heading row of a table; `actions` adds a last column for row buttons, named for screen readers. */
export function TableHead(props: { columns: readonly string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th scope="col" safe>
            {column}
          </th>
        ))}
        {props.actions ? (
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        ) : (
          ''
        )}
      </tr>
    </thead>
  );
}
