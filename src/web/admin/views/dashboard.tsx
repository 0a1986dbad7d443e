// The first screen after signing in: every page's state, what is open now, and the next steps.
import type { IncidentDetail } from '../../../store/incident-repository.js';
import { adminPaths } from '../paths.js';
import { EmptyState } from './common.js';
import { IncidentTable } from './incident-list.js';
import { Layout, PageHeader, type AdminView } from './layout.js';
import { PageTable, type PageSummary } from './page-list.js';

export function DashboardPage(props: {
  view: AdminView;
  pages: PageSummary[];
  incidents: IncidentDetail[];
  maintenances: IncidentDetail[];
  baseUrl: string;
}) {
  const pageRows = props.pages.map((summary) => summary.page);
  if (props.pages.length === 0) {
    return (
      <Layout view={props.view} title="Dashboard" section="dashboard">
        <PageHeader title="Welcome to Vigil" />
        <EmptyState>
          <p>
            Create a status page, add the components your users rely on, and tell them how they are
            doing.
          </p>
          <p>
            <a class="button primary" href={adminPaths.newPage}>
              Create your first status page
            </a>
          </p>
        </EmptyState>
      </Layout>
    );
  }
  return (
    <Layout view={props.view} title="Dashboard" section="dashboard">
      <PageHeader title="Dashboard">
        <a class="button" href={adminPaths.newMaintenance}>
          Schedule maintenance
        </a>
        <a class="button primary" href={adminPaths.newIncident}>
          Open incident
        </a>
      </PageHeader>
      <section class="panel" aria-labelledby="pages-title">
        <div class="panel-header">
          <h2 id="pages-title">Status pages</h2>
          <a class="button" href={adminPaths.newPage}>
            New page
          </a>
        </div>
        <PageTable pages={props.pages} baseUrl={props.baseUrl} />
      </section>
      <section class="panel" aria-labelledby="open-title">
        <h2 id="open-title">Open incidents</h2>
        {props.incidents.length > 0 ? (
          <IncidentTable incidents={props.incidents} pages={pageRows} kind="incident" />
        ) : (
          <p class="muted">No open incident. All quiet.</p>
        )}
      </section>
      <section class="panel" aria-labelledby="maintenance-title">
        <h2 id="maintenance-title">Upcoming and active maintenance</h2>
        {props.maintenances.length > 0 ? (
          <IncidentTable incidents={props.maintenances} pages={pageRows} kind="maintenance" />
        ) : (
          <p class="muted">Nothing scheduled.</p>
        )}
      </section>
    </Layout>
  );
}
