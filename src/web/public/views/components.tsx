// The components of a page, ungrouped ones first, then each group under a header with the worst
// status of its members.
import type { ComponentRow } from '../../../store/schema.js';
import type { ComponentLayout } from '../component-layout.js';
import { COMPONENT_STATUS_LABELS } from '../../../domain/status.js';
import { componentLabel, componentTone } from '../presentation.js';
import { StatusText } from './icons.js';

function ComponentItem({ component }: { component: ComponentRow }): JSX.Element {
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
    </li>
  );
}

export function ComponentsSection({ layout }: { layout: ComponentLayout }): JSX.Element {
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
              <ComponentItem component={component} />
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
                <ComponentItem component={component} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}
