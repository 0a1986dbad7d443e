// Tables of incidents or maintenances, and the list pages that hold them.
import type { IncidentDetail, IncidentKind } from '../../../store/incident-repository.js';
import type { PageRow } from '../../../store/schema.js';
import { adminPaths } from '../paths.js';
import { EmptyState, ImpactBadge, Pagination, StatusBadge, When } from './common.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export function IncidentTable(props: {
  incidents: IncidentDetail[];
  pages: PageRow[];
  kind: IncidentKind;
}) {
  const pages = new Map(props.pages.map((page) => [page.id, page]));
  const showPage = props.pages.length > 1;
  const maintenance = props.kind === 'maintenance';
  const href = maintenance ? adminPaths.maintenance : adminPaths.incident;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{maintenance ? 'Maintenance' : 'Incident'}</th>
            {showPage ? <th scope="col">Page</th> : ''}
            <th scope="col">Status</th>
            <th scope="col">{maintenance ? 'Window' : 'Impact'}</th>
            <th scope="col">{maintenance ? 'Last update' : 'Started'}</th>
          </tr>
        </thead>
        <tbody>
          {props.incidents.map((incident) => {
            const page = pages.get(incident.page_id);
            const zone = page?.time_zone ?? 'Etc/UTC';
            return (
              <tr>
                <th scope="row">
                  <a href={href(incident.id)} safe>
                    {incident.name}
                  </a>
                </th>
                {showPage ? (
                  <td data-label="Page" safe>
                    {page?.name ?? ''}
                  </td>
                ) : (
                  ''
                )}
                <td data-label="Status">
                  <StatusBadge status={incident.status} />
                </td>
                <td data-label={maintenance ? 'Window' : 'Impact'}>
                  {maintenance && incident.scheduled_for && incident.scheduled_until ? (
                    <span class="window">
                      <When at={incident.scheduled_for} timeZone={zone} /> –{' '}
                      <When at={incident.scheduled_until} timeZone={zone} />
                    </span>
                  ) : (
                    <ImpactBadge impact={incident.impact} />
                  )}
                </td>
                <td data-label={maintenance ? 'Last update' : 'Started'}>
                  <When
                    at={maintenance ? incident.updated_at : incident.started_at}
                    timeZone={zone}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentListPage(props: {
  view: AdminView;
  kind: IncidentKind;
  open: IncidentDetail[];
  /** Every one, open or not, newest first, one page of them. */
  all: IncidentDetail[];
  pages: PageRow[];
  page: number;
  pageSize: number;
  total: number;
}) {
  const maintenance = props.kind === 'maintenance';
  const title = maintenance ? 'Maintenance' : 'Incidents';
  const newHref = maintenance ? adminPaths.newMaintenance : adminPaths.newIncident;
  const base = maintenance ? adminPaths.maintenances : adminPaths.incidents;
  return (
    <Layout view={props.view} title={title} section={maintenance ? 'maintenances' : 'incidents'}>
      <PageHeader title={title}>
        <a class="button primary" href={newHref}>
          {maintenance ? 'Schedule maintenance' : 'Open incident'}
        </a>
      </PageHeader>
      <section class="panel" aria-labelledby="open-title">
        <h2 id="open-title">{maintenance ? 'Upcoming and in progress' : 'Open'}</h2>
        {props.open.length > 0 ? (
          <IncidentTable incidents={props.open} pages={props.pages} kind={props.kind} />
        ) : (
          <EmptyState>
            <p>{maintenance ? 'No maintenance scheduled.' : 'No open incident. All quiet.'}</p>
          </EmptyState>
        )}
      </section>
      <section class="panel" aria-labelledby="past-title">
        <h2 id="past-title">History</h2>
        {props.all.length > 0 ? (
          <>
            <IncidentTable incidents={props.all} pages={props.pages} kind={props.kind} />
            <Pagination
              base={base}
              page={props.page}
              pageSize={props.pageSize}
              total={props.total}
            />
          </>
        ) : (
          <p class="muted">Nothing yet.</p>
        )}
      </section>
    </Layout>
  );
}
