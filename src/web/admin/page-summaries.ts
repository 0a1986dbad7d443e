// The state of each status page at a glance (overall status, counts), for the dashboard and the
// page list; computed from the same rule the public page uses.
import { isComponentStatus, isIncidentImpact, pageStatus } from '../../domain/status.js';
import type { Services } from '../../services/index.js';
import type { IncidentDetail, IncidentKind } from '../../store/incident-repository.js';
import type { PageSummary } from './views/page-list.js';

/** At most this many open incidents or maintenances are listed; an admin has to act on fewer. */
export const OPEN_LIMIT = 100;
/** Rows per page of incident and maintenance history. */
export const HISTORY_PAGE_SIZE = 25;

async function listOpen(
  services: Services,
  kind: IncidentKind,
  pageId: string | undefined,
): Promise<IncidentDetail[]> {
  const { incidents } = await services.incidents.list({
    ...(pageId ? { pageId } : {}),
    kind,
    openOnly: true,
    limit: OPEN_LIMIT,
    offset: 0,
  });
  return incidents;
}

export function openIncidents(services: Services, pageId?: string): Promise<IncidentDetail[]> {
  return listOpen(services, 'incident', pageId);
}

export async function openMaintenances(
  services: Services,
  pageId?: string,
): Promise<IncidentDetail[]> {
  const maintenances = await listOpen(services, 'maintenance', pageId);
  // Soonest first: what happens next matters more than what was planned last.
  return maintenances.sort(
    (a, b) => (a.scheduled_for?.getTime() ?? 0) - (b.scheduled_for?.getTime() ?? 0),
  );
}

export async function pageSummaries(services: Services): Promise<PageSummary[]> {
  const [pages, incidents, maintenances] = await Promise.all([
    services.pages.listPages(),
    openIncidents(services),
    openMaintenances(services),
  ]);
  return Promise.all(
    pages.map(async (page) => {
      const components = await services.pages.listComponents(page.id);
      const open = incidents.filter((incident) => incident.page_id === page.id);
      return {
        page,
        componentCount: components.length,
        openIncidentCount: open.length,
        status: pageStatus({
          componentStatuses: components.map((c) => c.status).filter(isComponentStatus),
          unresolvedImpacts: open.map((incident) => incident.impact).filter(isIncidentImpact),
          maintenanceActive: maintenances.some(
            (m) =>
              m.page_id === page.id && (m.status === 'in_progress' || m.status === 'verifying'),
          ),
        }),
      };
    }),
  );
}
