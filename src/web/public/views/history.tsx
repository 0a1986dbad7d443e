// The paged incident history of a page (incidents and maintenances together, newest first), with
// previous/next links.
import type { HistoryCounts, IncidentDetail } from '../../../store/incident-repository.js';
import { indicatorTone } from '../presentation.js';
import type { PageView } from './context.js';
import type { Staleness } from '../staleness.js';
import { HistoryEntry } from './incident.js';
import { Document } from './layout.js';

export interface HistoryPageData {
  page: number;
  pageCount: number;
  counts: HistoryCounts;
  /** This page's incidents and maintenances, newest first. */
  entries: IncidentDetail[];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "12 incidents and 3 maintenance windows reported, newest first." */
export function historySummary(counts: HistoryCounts): string {
  if (counts.incidents + counts.maintenances === 0) return 'No incidents have been reported.';
  const parts: string[] = [];
  if (counts.incidents > 0 || counts.maintenances === 0)
    parts.push(plural(counts.incidents, 'incident', 'incidents'));
  if (counts.maintenances > 0)
    parts.push(plural(counts.maintenances, 'maintenance window', 'maintenance windows'));
  return `${parts.join(' and ')} reported, newest first.`;
}

export function historyHref(view: PageView, page: number): string {
  return page <= 1 ? view.links.history : `${view.links.history}?page=${page}`;
}

function Pager({ view, data }: { view: PageView; data: HistoryPageData }): JSX.Element {
  if (data.pageCount <= 1) return '';
  return (
    <nav class="pager" aria-label="History pages">
      {data.page > 1 ? (
        <a class="pager-link" rel="prev" href={historyHref(view, data.page - 1)}>
          ← Newer
        </a>
      ) : (
        <span class="pager-link pager-disabled" aria-hidden="true">
          ← Newer
        </span>
      )}
      <span class="pager-position">
        Page {data.page} of {data.pageCount}
      </span>
      {data.page < data.pageCount ? (
        <a class="pager-link" rel="next" href={historyHref(view, data.page + 1)}>
          Older →
        </a>
      ) : (
        <span class="pager-link pager-disabled" aria-hidden="true">
          Older →
        </span>
      )}
    </nav>
  );
}

export function HistoryPage({
  view,
  data,
  stale,
}: {
  view: PageView;
  data: HistoryPageData;
  stale?: Staleness | undefined;
}): string {
  const suffix = data.page > 1 ? ` (page ${data.page})` : '';
  return Document({
    title: `Incident history${suffix} — ${view.page.name} Status`,
    cssHref: view.cssHref,
    tone: indicatorTone(view.status.indicator),
    canonical: `${view.baseUrl}${historyHref(view, data.page)}`,
    view,
    stale,
    children: (
      <>
        <div class="page-head">
          <h1 class="page-title">Incident history</h1>
          <p class="quiet" safe>
            {historySummary(data.counts)}
          </p>
        </div>
        {data.entries.length > 0 ? (
          <ol class="card history-list">
            {data.entries.map((incident) => (
              <li>
                <HistoryEntry incident={incident} view={view} level={2} />
              </li>
            ))}
          </ol>
        ) : (
          ''
        )}
        <Pager view={view} data={data} />
      </>
    ),
  });
}
