// One status page in the admin: its components by group, each with a quick status form, and the
// incidents and maintenance open on it.
import { escapeHtml } from '@kitajs/html';
import type { ComponentGroupRow, ComponentRow, PageRow } from '../../../store/schema.js';
import type { IncidentDetail } from '../../../store/incident-repository.js';
import { pagePath, pageUrl } from '../../public/links.js';
import { adminPaths } from '../paths.js';
import { COMPONENT_STATUS_CHOICES, EmptyState, Fact, StatusBadge } from './common.js';
import { DangerZone } from './deletion.js';
import { PostForm, fieldId } from './form-controls.js';
import { IncidentTable } from './incident-list.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

export interface PageDetail {
  page: PageRow;
  groups: ComponentGroupRow[];
  components: ComponentRow[];
  incidents: IncidentDetail[];
  maintenances: IncidentDetail[];
  /** Public URL of the site, to show the page's full address. */
  baseUrl: string;
}

function QuickStatus({ component, csrf }: { component: ComponentRow; csrf: string }) {
  const id = fieldId(`status-${component.id}`);
  return (
    <PostForm action={adminPaths.componentStatus(component.id)} csrf={csrf} class="quick-status">
      <label for={id} class="visually-hidden" safe>
        {`Status of ${component.name}`}
      </label>
      <select id={id} name="status">
        {COMPONENT_STATUS_CHOICES.map(([value, label]) => (
          <option value={value} selected={value === component.status} safe>
            {label}
          </option>
        ))}
      </select>
      <button type="submit" class="button small">
        Set<span class="visually-hidden" safe>{` status of ${component.name}`}</span>
      </button>
    </PostForm>
  );
}

function ComponentRows({ components, csrf }: { components: ComponentRow[]; csrf: string }) {
  return (
    <div class="table-wrap">
      <table class="components">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Status</th>
            <th scope="col">Set status</th>
          </tr>
        </thead>
        <tbody>
          {components.map((component) => (
            <tr>
              <th scope="row">
                <a href={adminPaths.component(component.id)} safe>
                  {component.name}
                </a>
                {component.description ? (
                  <span class="muted block" safe>
                    {component.description}
                  </span>
                ) : (
                  ''
                )}
              </th>
              <td data-label="Status">
                <StatusBadge status={component.status} />
              </td>
              <td data-label="Set status">
                <QuickStatus component={component} csrf={csrf} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Components({ detail, csrf }: { detail: PageDetail; csrf: string }) {
  const { page, groups, components } = detail;
  if (components.length === 0 && groups.length === 0) {
    return (
      <EmptyState>
        <p>
          No components yet. Components are the parts of your service visitors see, such as “API” or
          “Website”.
        </p>
        <p>
          <a class="button primary" href={adminPaths.newComponent(page.id)}>
            Add a component
          </a>
        </p>
      </EmptyState>
    );
  }
  const ungrouped = components.filter((c) => c.group_id === null);
  return (
    <>
      {groups.map((group) => {
        const members = components.filter((c) => c.group_id === group.id);
        return (
          <section class="group" aria-labelledby={`group-${group.id}`}>
            <div class="group-header">
              <h3 id={`group-${group.id}`} safe>
                {group.name}
              </h3>
              <a href={adminPaths.group(group.id)} class="small-link">
                Edit group<span class="visually-hidden" safe>{` ${group.name}`}</span>
              </a>
            </div>
            {members.length > 0 ? (
              <ComponentRows components={members} csrf={csrf} />
            ) : (
              <p class="muted">No components in this group yet.</p>
            )}
          </section>
        );
      })}
      {ungrouped.length > 0 ? (
        <section class="group" aria-labelledby="group-none">
          {groups.length > 0 ? (
            <h3 id="group-none">Not in a group</h3>
          ) : (
            <h3 id="group-none" class="visually-hidden">
              Components
            </h3>
          )}
          <ComponentRows components={ungrouped} csrf={csrf} />
        </section>
      ) : (
        ''
      )}
    </>
  );
}

export function PageDetailPage({ view, detail }: { view: AdminView; detail: PageDetail }) {
  const { page } = detail;
  const publicPath = pagePath(page);
  return (
    <Layout view={view} title={page.name} section="pages">
      <PageHeader title={page.name} crumbs={[['Pages', adminPaths.pages]]}>
        <a class="button" href={publicPath}>
          View public page
        </a>
        <a class="button" href={adminPaths.editPage(page.id)}>
          Edit page
        </a>
      </PageHeader>
      <dl class="facts">
        <Fact term="Public address">
          <a href={publicPath} safe>
            {pageUrl(detail.baseUrl, page)}
          </a>
        </Fact>
        <Fact term="Visibility">
          {page.is_private ? 'Private' : 'Public'}
          {page.is_default ? ', default page' : ''}
        </Fact>
        <Fact term="Time zone">{escapeHtml(page.time_zone)}</Fact>
      </dl>

      <section class="panel" aria-labelledby="components-title">
        <div class="panel-header">
          <h2 id="components-title">Components</h2>
          <div class="actions">
            <a class="button" href={adminPaths.newGroup(page.id)}>
              Add group
            </a>
            <a class="button primary" href={adminPaths.newComponent(page.id)}>
              Add component
            </a>
          </div>
        </div>
        <Components detail={detail} csrf={view.csrf} />
      </section>

      <section class="panel" aria-labelledby="incidents-title">
        <div class="panel-header">
          <h2 id="incidents-title">Open incidents</h2>
          <a
            class="button primary"
            href={`${adminPaths.newIncident}?page=${encodeURIComponent(page.id)}`}
          >
            Open incident
          </a>
        </div>
        {detail.incidents.length > 0 ? (
          <IncidentTable incidents={detail.incidents} pages={[page]} kind="incident" />
        ) : (
          <p class="muted">No open incident.</p>
        )}
      </section>

      <section class="panel" aria-labelledby="maintenance-title">
        <div class="panel-header">
          <h2 id="maintenance-title">Upcoming and active maintenance</h2>
          <a
            class="button"
            href={`${adminPaths.newMaintenance}?page=${encodeURIComponent(page.id)}`}
          >
            Schedule maintenance
          </a>
        </div>
        {detail.maintenances.length > 0 ? (
          <IncidentTable incidents={detail.maintenances} pages={[page]} kind="maintenance" />
        ) : (
          <p class="muted">Nothing scheduled.</p>
        )}
      </section>

      <DangerZone
        what="page"
        href={adminPaths.deletePage(page.id)}
        note="Deleting removes its components, incidents and maintenance for good."
      />
    </Layout>
  );
}
