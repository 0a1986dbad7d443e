// The words and URLs of each kind of incident in the admin: an incident and a scheduled
// maintenance are one aggregate with the same pages, but each is named and addressed its own way.
import type { IncidentKind } from '../../store/incident-repository.js';
import { adminPaths } from './paths.js';

export interface AdminIncidentKind {
  kind: IncidentKind;
  /** The navigation section, which is also the first segment of the kind's URLs. */
  section: 'incidents' | 'maintenances';
  /** The section's title, as in the breadcrumbs. */
  sectionTitle: string;
  /** One of them, as in "Delete incident". */
  noun: string;
  /** The title of the form that creates one. */
  newTitle: string;
  paths: {
    list: string;
    newForm: string;
    one(id: string): string;
    updates(id: string): string;
    /** The form that edits one posted update. */
    editUpdate(id: string, updateId: string): string;
    delete(id: string): string;
  };
}

export const ADMIN_INCIDENT: AdminIncidentKind = {
  kind: 'incident',
  section: 'incidents',
  sectionTitle: 'Incidents',
  noun: 'incident',
  newTitle: 'Open an incident',
  paths: {
    list: adminPaths.incidents,
    newForm: adminPaths.newIncident,
    one: adminPaths.incident,
    updates: adminPaths.incidentUpdates,
    editUpdate: adminPaths.editIncidentUpdate,
    delete: adminPaths.deleteIncident,
  },
};

export const ADMIN_MAINTENANCE: AdminIncidentKind = {
  kind: 'maintenance',
  section: 'maintenances',
  sectionTitle: 'Maintenance',
  noun: 'maintenance',
  newTitle: 'Schedule maintenance',
  paths: {
    list: adminPaths.maintenances,
    newForm: adminPaths.newMaintenance,
    one: adminPaths.maintenance,
    updates: adminPaths.maintenanceUpdates,
    editUpdate: adminPaths.editMaintenanceUpdate,
    delete: adminPaths.deleteMaintenance,
  },
};
