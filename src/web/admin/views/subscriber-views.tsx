// Subscribers of the status pages in the admin: the list with search (part of the address),
// filters (page, status, kind), the count of matches, paging, CSV export of the matches, a link
// to each one's deliveries, and the way to remove one.
import type { SubscriberView } from '../../../services/subscriber-admin-service.js';
import type { PageRow } from '../../../store/schema.js';
import { adminPaths, type SubscriberFilterQuery } from '../paths.js';
import { EmptyState, Pagination, TableHead, When } from './common.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

const STATUS_LABELS: Record<string, string> = { pending: 'Not confirmed', confirmed: 'Confirmed' };
const KIND_LABELS: Record<string, string> = { email: 'Email', webhook: 'Webhook' };

function FilterSelect(props: {
  name: string;
  label: string;
  current: string | undefined;
  choices: ReadonlyArray<readonly [string, string]>;
}) {
  return (
    <div class="field compact">
      <label for={`f-${props.name}`} safe>
        {props.label}
      </label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="" selected={!props.current}>
          Any
        </option>
        {props.choices.map(([value, label]) => (
          <option value={value} selected={props.current === value} safe>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters(props: { filter: SubscriberFilterQuery; pages: PageRow[] }) {
  const { filter } = props;
  return (
    <form method="get" action={adminPaths.subscribers} class="field-row align-end" role="search">
      <div class="field">
        <label for="f-q">Address contains</label>
        <input id="f-q" name="q" type="search" value={filter.q} maxlength={200} />
      </div>
      {props.pages.length > 1 ? (
        <FilterSelect
          name="page"
          label="Page"
          current={filter.page}
          choices={props.pages.map((page) => [page.id, page.name] as const)}
        />
      ) : (
        ''
      )}
      <FilterSelect
        name="status"
        label="Status"
        current={filter.status}
        choices={Object.entries(STATUS_LABELS)}
      />
      <FilterSelect
        name="kind"
        label="Kind"
        current={filter.kind}
        choices={Object.entries(KIND_LABELS)}
      />
      <button type="submit" class="button">
        Search
      </button>
    </form>
  );
}

function SubscriberTable(props: {
  subscribers: SubscriberView[];
  pages: ReadonlyMap<string, string>;
  components: ReadonlyMap<string, string>;
}) {
  return (
    <div class="table-wrap">
      <table class="subscribers">
        <TableHead
          columns={['Address', 'Kind', 'Page', 'Status', 'Components', 'Subscribed']}
          actions
        />
        <tbody>
          {props.subscribers.map((subscriber) => (
            <tr>
              <th scope="row">
                <span safe>{subscriber.address}</span>
              </th>
              <td data-label="Kind" safe>
                {KIND_LABELS[subscriber.kind] ?? subscriber.kind}
              </td>
              <td data-label="Page" safe>
                {props.pages.get(subscriber.pageId) ?? subscriber.pageId}
              </td>
              <td data-label="Status" safe>
                {STATUS_LABELS[subscriber.status] ?? subscriber.status}
              </td>
              <td data-label="Components" safe>
                {subscriber.componentIds.length === 0
                  ? 'All'
                  : componentNames(subscriber.componentIds, props.components)}
              </td>
              <td data-label="Subscribed">
                <When at={subscriber.createdAt} timeZone="Etc/UTC" />
              </td>
              <td data-label="Actions">
                <a
                  class="button small"
                  href={adminPaths.deliveriesWhere({ subscriber: subscriber.id })}
                  aria-label={`Deliveries to ${subscriber.address}`}
                >
                  Deliveries
                </a>{' '}
                <a
                  class="button small danger"
                  href={adminPaths.removeSubscriber(subscriber.id)}
                  aria-label={`Remove ${subscriber.address}`}
                >
                  Remove…
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SubscriberListPage(props: {
  view: AdminView;
  filter: SubscriberFilterQuery;
  pages: PageRow[];
  components: ReadonlyMap<string, string>;
  subscribers: SubscriberView[];
  page: number;
  pageSize: number;
  total: number;
}) {
  const { filter, total } = props;
  const filtered = Object.values(filter).some(Boolean);
  return (
    <Layout view={props.view} title="Subscribers" section="subscribers">
      <PageHeader
        title="Subscribers"
        lead="People and systems that subscribed on the public status pages to hear about incidents and maintenance."
      >
        <a
          class="button"
          href={adminPaths.subscribersWhere(filter, true)}
          download="subscribers.csv"
        >
          Export CSV
        </a>
      </PageHeader>
      <section class="panel" aria-label="Search">
        <Filters filter={filter} pages={props.pages} />
      </section>
      <section class="panel" aria-labelledby="subscribers-title">
        <h2 id="subscribers-title" safe>
          {total === 1
            ? `1 subscriber${filtered ? ' matches' : ''}`
            : `${total} subscribers${filtered ? ' match' : ''}`}
        </h2>
        {props.subscribers.length > 0 ? (
          <>
            <SubscriberTable
              subscribers={props.subscribers}
              pages={new Map(props.pages.map((page) => [page.id, page.name]))}
              components={props.components}
            />
            <Pagination
              base={adminPaths.subscribersWhere(filter)}
              page={props.page}
              pageSize={props.pageSize}
              total={total}
            />
          </>
        ) : (
          <EmptyState>
            <p>{filtered ? 'No subscriber matches.' : 'No subscriber yet.'}</p>
          </EmptyState>
        )}
      </section>
    </Layout>
  );
}

/** The chosen components by name, in the pages' order (the stored choice has none of its own). */
function componentNames(ids: readonly string[], names: ReadonlyMap<string, string>): string {
  const chosen = new Set(ids);
  const known = [...names].filter(([id]) => chosen.has(id)).map(([, name]) => name);
  const unknown = ids.filter((id) => !names.has(id));
  return [...known, ...unknown].join(', ');
}
