// The components of a page, ungrouped ones first, then each group under a header with the worst
// status of its members; a monitored component also shows its 90-day uptime bar.
import type { PageUptime } from '../../../cache/page-uptime.js';
import type { ComponentRow } from '../../../store/schema.js';
import { UptimeBar } from '../../charts/uptime-bar.js';
import type { ComponentLayout } from '../component-layout.js';
import { COMPONENT_STATUS_LABELS } from '../../../domain/status.js';
import { componentLabel, componentTone } from '../presentation.js';
import { StatusText } from './icons.js';

function ComponentItem({
  component,
  uptime,
}: {
  component: ComponentRow;
  uptime: PageUptime;
}): JSX.Element {
  // Statuspage's `showcase`: whether the component's uptime history is shown.
  const history = component.showcase ? uptime.get(component.id) : undefined;
  return (
    <li class="component">
      <div class="component-text">
        <span class="component-name" safe>
          {component.name}
        </span>
        {component.description ? (
          <span class="component-description" safe>
            {component.description}
          </span>
        ) : (
          ''
        )}
      </div>
      <StatusText tone={componentTone(component.status)} label={componentLabel(component.status)} />
      {history ? <UptimeBar days={history.days} label={component.name} /> : ''}
    </li>
  );
}

export function ComponentsSection({
  layout,
  uptime,
}: {
  layout: ComponentLayout;
  /** Components without an entry (no monitors) get no bar. */
  uptime: PageUptime;
}): JSX.Element {
  if (layout.ungrouped.length === 0 && layout.groups.length === 0) return '';
  return (
    <section class="section" aria-labelledby="components-title">
      <h2 id="components-title" class="section-title">
        Components
      </h2>
      <div class="card components">
        {layout.ungrouped.length > 0 ? (
          <ul class="component-list">
            {layout.ungrouped.map((component) => (
              <ComponentItem component={component} uptime={uptime} />
            ))}
          </ul>
        ) : (
          ''
        )}
        {layout.groups.map(({ group, components, worst }) => (
          <section class="group" aria-labelledby={`group-${group.id}`}>
            <div class="group-head">
              <h3 id={`group-${group.id}`} class="group-name" safe>
                {group.name}
              </h3>
              <StatusText tone={componentTone(worst)} label={COMPONENT_STATUS_LABELS[worst]} />
            </div>
            {group.description ? (
              <p class="group-description" safe>
                {group.description}
              </p>
            ) : (
              ''
            )}
            <ul class="component-list">
              {components.map((component) => (
                <ComponentItem component={component} uptime={uptime} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
