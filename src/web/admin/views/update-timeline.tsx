// The updates of an incident or maintenance, newest first, with their Markdown rendered (already
// sanitised), the component statuses each one changed, and a link to correct each.
import type { IncidentUpdateWithComponents } from '../../../store/incident-repository.js';
import { renderMarkdown } from '../../markdown.js';
import { formatInZone } from '../zoned-time.js';
import { StatusBadge, When } from './common.js';

export function UpdateTimeline(props: {
  updates: IncidentUpdateWithComponents[];
  timeZone: string;
  /** Where the form that edits an update is. */
  editHref: (updateId: string) => string;
}) {
  if (props.updates.length === 0) return <p class="muted">No update yet.</p>;
  return (
    <ol class="timeline">
      {props.updates.map((update) => (
        <li class="timeline-item">
          <article aria-label={`Update of ${update.display_at.toISOString()}`}>
            <header class="timeline-head">
              <StatusBadge status={update.status} />
              <When at={update.display_at} timeZone={props.timeZone} />
              <a class="timeline-edit" href={props.editHref(update.id)}>
                Edit
                <span class="visually-hidden" safe>
                  {` the update of ${formatInZone(update.display_at, props.timeZone)}`}
                </span>
              </a>
            </header>
            <div class="markdown">{renderMarkdown(update.body) as 'safe'}</div>
            {update.affected_components.length > 0 ? (
              <ul class="changes" aria-label="Component changes">
                {update.affected_components.map((change) => (
                  <li>
                    <span safe>{change.name}</span>: <StatusBadge status={change.old_status} />
                    <span aria-label="changed to"> → </span>
                    <StatusBadge status={change.new_status} />
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}
