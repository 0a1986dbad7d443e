// One notification channel: its settings (secrets only as stored or not), "send test", its routes
// with the form to add one (scope, and the kinds of event with the default set ticked), its
// recent deliveries, and the way to delete it.
import {
  DEFAULT_ROUTE_KINDS,
  INCIDENT_EVENT_KINDS,
  MONITOR_EVENT_KINDS,
  MONITOR_NOTICE_KINDS,
  REMIND_EVERY_MAX_MINUTES,
  REMIND_EVERY_MIN_MINUTES,
} from '../../../domain/notifications/index.js';
import { hintOf } from '../channel-form-input.js';
import type { ChannelPage, RouteLine, ScopeChoices } from '../channel-pages.js';
import { list } from '../form-values.js';
import { adminPaths } from '../paths.js';
import { EmptyState, Fact, TableHead } from './common.js';
import { DangerZone } from './deletion.js';
import { DeliveryTable } from './delivery-common.js';
import { EnabledState } from './channel-list.js';
import { ErrorSummary, PostForm, TextField, type FormState } from './form-controls.js';
import { Layout, PageHeader, type AdminView } from './layout.js';

/** The route form as first shown: everything (or the scope asked for), the default kinds. */
export function newRouteForm(scope: string | undefined): FormState {
  return { values: { scope: scope ?? '', event_kinds: [...DEFAULT_ROUTE_KINDS] }, errors: {} };
}

function Settings({ page }: { page: ChannelPage }) {
  const { channel, type } = page;
  const settings = type?.fields ?? Object.keys(channel.config);
  return (
    <dl class="facts">
      <Fact term="Type">
        <span safe>{type?.label ?? `${channel.type} (not known to this version)`}</span>
      </Fact>
      <Fact term="State">
        <EnabledState enabled={channel.enabled} />
      </Fact>
      {settings.map((setting) => {
        const label = type ? hintOf(type, setting).label : setting;
        if (setting in channel.secrets) {
          return (
            <Fact term={label}>
              {channel.secrets[setting] ? (
                <span>Stored (never shown)</span>
              ) : (
                <span class="muted">Not set</span>
              )}
            </Fact>
          );
        }
        const value = channel.config[setting];
        return (
          <Fact term={label}>
            {value === undefined || value === null ? (
              <span class="muted">Not set</span>
            ) : (
              <code safe>{Array.isArray(value) ? value.join(', ') : String(value)}</code>
            )}
          </Fact>
        );
      })}
    </dl>
  );
}

function RouteTable(props: { routes: RouteLine[]; csrf: string }) {
  return (
    <div class="table-wrap">
      <table class="routes">
        <TableHead columns={['Scope', 'Events', 'Reminders']} actions />
        <tbody>
          {props.routes.map((line) => (
            <tr>
              <th scope="row">
                {line.href ? (
                  <a href={line.href} safe>
                    {line.scope}
                  </a>
                ) : (
                  <span safe>{line.scope}</span>
                )}
              </th>
              <td data-label="Events">
                {line.defaults ? <span class="muted">Default set: </span> : ''}
                <span safe>{line.kinds.join(', ')}</span>
              </td>
              <td data-label="Reminders">
                {line.route.remind_every_minutes === null ? (
                  <span class="muted">None</span>
                ) : (
                  <span safe>{`Every ${line.route.remind_every_minutes} min while down`}</span>
                )}
              </td>
              <td data-label="Actions">
                <PostForm
                  action={adminPaths.deleteRoute(line.route.id)}
                  csrf={props.csrf}
                  class="inline"
                  label={`Remove the route ${line.scope}`}
                >
                  <button type="submit" class="button small danger">
                    Remove
                  </button>
                </PostForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScopeSelect({ form, choices }: { form: FormState; choices: ScopeChoices }) {
  const current = list(form.values, 'scope')[0] ?? '';
  const error = form.errors.scope;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="f-scope">Scope</label>
      <p class="hint" id="f-scope-hint">
        Which events: those of everything, of one monitor, or of one component (its monitors and
        incidents).
      </p>
      {error ? (
        <p class="field-error" id="f-scope-error">
          <span class="visually-hidden">Error: </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
      <select
        id="f-scope"
        name="scope"
        aria-describedby={error ? 'f-scope-hint f-scope-error' : 'f-scope-hint'}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="" selected={current === ''}>
          Everything
        </option>
        {choices.monitors.length > 0 ? (
          <optgroup label="Monitors">
            {choices.monitors.map((monitor) => (
              <option
                value={`monitor:${monitor.id}`}
                selected={current === `monitor:${monitor.id}`}
                safe
              >
                {monitor.name}
              </option>
            ))}
          </optgroup>
        ) : (
          ''
        )}
        {choices.pages
          .filter(({ components }) => components.length > 0)
          .map(({ page, components }) => (
            <optgroup label={`Components of ${page.name}`}>
              {components.map((component) => (
                <option
                  value={`component:${component.id}`}
                  selected={current === `component:${component.id}`}
                  safe
                >
                  {component.name}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </div>
  );
}

function KindBoxes(props: { form: FormState; legend: string; kinds: readonly string[] }) {
  const ticked = list(props.form.values, 'event_kinds');
  return (
    <fieldset>
      <legend safe>{props.legend}</legend>
      {props.kinds.map((kind) => {
        const id = `f-kind-${kind.replace(/[^a-z]/g, '-')}`;
        return (
          <div class="checkbox">
            <input
              id={id}
              name="event_kinds"
              type="checkbox"
              value={kind}
              checked={ticked.includes(kind)}
            />
            <label for={id} safe>
              {kind}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

function AddRoute(props: { page: ChannelPage; form: FormState; csrf: string }) {
  const { form } = props;
  const error = form.errors.event_kinds;
  return (
    <section class="panel" id="add-route" aria-labelledby="add-route-title">
      <h2 id="add-route-title">Add a route</h2>
      <ErrorSummary errors={form.errors} />
      <PostForm action={adminPaths.channelRoutes(props.page.channel.id)} csrf={props.csrf}>
        <ScopeSelect form={form} choices={props.page.choices} />
        <div class={error ? 'field has-error' : 'field'} id="f-event_kinds" tabindex="-1">
          {error ? (
            <p class="field-error">
              <span class="visually-hidden">Error: </span>
              <span safe>{error}</span>
            </p>
          ) : (
            ''
          )}
          <p class="hint">
            The default set is ticked; a route left on it follows the default set of later versions
            too.
          </p>
          <KindBoxes form={form} legend="Monitor events" kinds={MONITOR_EVENT_KINDS} />
          <KindBoxes form={form} legend="Reminders and certificates" kinds={MONITOR_NOTICE_KINDS} />
          <KindBoxes
            form={form}
            legend="Incident and maintenance events"
            kinds={INCIDENT_EVENT_KINDS}
          />
        </div>
        <TextField
          form={form}
          name="remind_every"
          label="Remind every (minutes)"
          type="number"
          inputmode="numeric"
          hint={`Optional: while a monitor stays down, send monitor.reminder this often (${REMIND_EVERY_MIN_MINUTES} to ${REMIND_EVERY_MAX_MINUTES}); empty for no reminders.`}
        />
        <div class="button-row">
          <button type="submit" class="button primary">
            Add route
          </button>
        </div>
      </PostForm>
    </section>
  );
}

export function ChannelDetailPage(props: {
  view: AdminView;
  page: ChannelPage;
  routeForm: FormState;
}) {
  const { view, page } = props;
  const { channel } = page;
  const here = adminPaths.channel(channel.id);
  return (
    <Layout view={view} title={channel.name} section="notifications">
      <PageHeader title={channel.name} crumbs={[['Notifications', adminPaths.channels]]}>
        <PostForm action={adminPaths.testChannel(channel.id)} csrf={view.csrf} class="inline">
          <button type="submit" class="button">
            Send test
          </button>
        </PostForm>
        <a class="button" href={adminPaths.editChannel(channel.id)}>
          Edit channel
        </a>
      </PageHeader>
      <Settings page={page} />
      <section class="panel" aria-labelledby="routes-title">
        <h2 id="routes-title">Routes</h2>
        {page.routes.length > 0 ? (
          <RouteTable routes={page.routes} csrf={view.csrf} />
        ) : (
          <EmptyState>
            <p>No route: this channel hears nothing until you add one.</p>
          </EmptyState>
        )}
      </section>
      <AddRoute page={page} form={props.routeForm} csrf={view.csrf} />
      <section class="panel" aria-labelledby="recent-title">
        <div class="panel-header">
          <h2 id="recent-title">Recent deliveries</h2>
          <nav class="range-links" aria-label="Delivery log of this channel">
            <a href={adminPaths.deliveriesWhere({ channel: channel.id })}>All</a>
            <a href={adminPaths.deliveriesWhere({ status: 'dead', channel: channel.id })} safe>
              {`Dead letters (${page.dead})`}
            </a>
          </nav>
        </div>
        {page.recent.length > 0 ? (
          <DeliveryTable
            deliveries={page.recent}
            channelNames={new Map([[channel.id, channel.name]])}
            csrf={view.csrf}
            here={here}
          />
        ) : (
          <p class="muted">Nothing sent yet.</p>
        )}
      </section>
      <DangerZone
        what="channel"
        href={adminPaths.deleteChannel(channel.id)}
        note="Deleting removes its routes and its delivery log."
      />
    </Layout>
  );
}
