// The eight Statuspage v2 documents of a page, each built from its snapshot alone (no database).
import type { PageSnapshot } from '../../cache/page-snapshots.js';
import type { PageStatus } from '../../domain/status.js';
import type { IncidentDetail } from '../../store/incident-repository.js';
import { pageUrl } from '../public/links.js';
import { statuspageComponents, type StatuspageComponent } from './components.js';
import {
  incidentObject,
  maintenanceObject,
  type IncidentContext,
  type StatuspageIncident,
  type StatuspageMaintenance,
} from './incidents.js';

export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

/** File names under /api/v2/ (without `.json`), as Statuspage names them. */
export const DOCUMENTS = [
  'summary',
  'status',
  'components',
  'incidents',
  'incidents/unresolved',
  'scheduled-maintenances',
  'scheduled-maintenances/upcoming',
  'scheduled-maintenances/active',
] as const;
export type DocumentName = (typeof DOCUMENTS)[number];

/** Lazily builds the pieces shared by several documents, once per snapshot and render. */
class SnapshotView {
  private componentList: StatuspageComponent[] | undefined;
  private context: IncidentContext | undefined;

  constructor(
    private readonly snapshot: PageSnapshot,
    private readonly baseUrl: string,
  ) {}

  page(): StatuspagePage {
    const page = this.snapshot.page;
    return {
      id: page.id,
      name: page.name,
      // The default page lives at the site root; Statuspage writes its URL without a slash.
      url: page.is_default ? this.baseUrl.replace(/\/+$/, '') : pageUrl(this.baseUrl, page),
      time_zone: page.time_zone,
      updated_at: page.updated_at.toISOString(),
    };
  }

  status(): PageStatus {
    return {
      indicator: this.snapshot.status.indicator,
      description: this.snapshot.status.description,
    };
  }

  components(): StatuspageComponent[] {
    this.componentList ??= statuspageComponents(this.snapshot.groups, this.snapshot.components);
    return this.componentList;
  }

  incidents(list: readonly IncidentDetail[]): StatuspageIncident[] {
    const context = this.incidentContext();
    return list.map((incident) => incidentObject(incident, context));
  }

  maintenances(list: readonly IncidentDetail[]): StatuspageMaintenance[] {
    const context = this.incidentContext();
    return list.map((maintenance) => maintenanceObject(maintenance, context));
  }

  private incidentContext(): IncidentContext {
    this.context ??= {
      baseUrl: this.baseUrl,
      page: this.snapshot.page,
      componentsById: new Map(
        this.components()
          .filter((component) => !component.group)
          .map((component) => [component.id, component]),
      ),
    };
    return this.context;
  }
}

/** The JSON text of one document for this snapshot. */
export function renderDocument(
  name: DocumentName,
  snapshot: PageSnapshot,
  baseUrl: string,
): string {
  const view = new SnapshotView(snapshot, baseUrl);
  return JSON.stringify(documentBody(name, view, snapshot));
}

function documentBody(name: DocumentName, view: SnapshotView, snapshot: PageSnapshot): object {
  switch (name) {
    case 'summary':
      return {
        page: view.page(),
        components: view.components(),
        incidents: view.incidents(snapshot.unresolvedIncidents),
        scheduled_maintenances: view.maintenances([
          ...snapshot.activeMaintenances,
          ...snapshot.upcomingMaintenances,
        ]),
        status: view.status(),
      };
    case 'status':
      return { page: view.page(), status: view.status() };
    case 'components':
      return { page: view.page(), components: view.components() };
    case 'incidents':
      return { page: view.page(), incidents: view.incidents(snapshot.apiIncidents) };
    case 'incidents/unresolved':
      return { page: view.page(), incidents: view.incidents(snapshot.unresolvedIncidents) };
    case 'scheduled-maintenances':
      return {
        page: view.page(),
        scheduled_maintenances: view.maintenances(snapshot.recentMaintenances),
      };
    case 'scheduled-maintenances/upcoming':
      return {
        page: view.page(),
        scheduled_maintenances: view.maintenances(snapshot.upcomingMaintenances),
      };
    case 'scheduled-maintenances/active':
      return {
        page: view.page(),
        scheduled_maintenances: view.maintenances(snapshot.activeMaintenances),
      };
  }
}
