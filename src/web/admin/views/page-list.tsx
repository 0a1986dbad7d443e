// The list of status pages, with their state at a glance.
import type { PageStatus } from '../../../domain/status.js';
import type { PageRow } from '../../../store/schema.js';
import { pagePath, pageUrl } from '../../public/links.js';
import { adminPaths } from '../paths.js';
import { EmptyState, IndicatorBadge } from './common.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export interface PageSummary {
  page: PageRow;
  status: PageStatus;
  componentCount: number;
  openIncidentCount: number;
}

export function PageListPage(props: { view: AdminView; pages: PageSummary[]; baseUrl: string }) {
  const { view, pages } = props;
  return (
    <Layout view={view} title="Status pages" section="pages">
      <PageHeader title="Status pages">
        <a class="button primary" href={adminPaths.newPage}>
          New page
        </a>
      </PageHeader>
      {pages.length === 0 ? (
        <EmptyState>
          <p>No status page yet.</p>
          <p>
            <a class="button primary" href={adminPaths.newPage}>
              Create your first page
            </a>
          </p>
        </EmptyState>
      ) : (
        <section class="panel" aria-label="Status pages">
          <PageTable pages={pages} baseUrl={props.baseUrl} />
        </section>
      )}
    </Layout>
  );
}

export function PageTable({ pages, baseUrl }: { pages: PageSummary[]; baseUrl: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Status pages</caption>
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col">Status</th>
            <th scope="col">Components</th>
            <th scope="col">Open incidents</th>
            <th scope="col">Public address</th>
          </tr>
        </thead>
        <tbody>
          {pages.map(({ page, status, componentCount, openIncidentCount }) => (
            <tr>
              <th scope="row">
                <a href={adminPaths.page(page.id)} safe>
                  {page.name}
                </a>
                {page.is_default ? <span class="tag">Default</span> : ''}
                {page.is_private ? <span class="tag">Private</span> : ''}
              </th>
              <td data-label="Status">
                <IndicatorBadge indicator={status.indicator} description={status.description} />
              </td>
              <td data-label="Components">{componentCount}</td>
              <td data-label="Open incidents">{openIncidentCount}</td>
              <td data-label="Public address">
                <a href={pagePath(page)} safe>
                  {pageUrl(baseUrl, page)}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
