// What happened to a monitor: its latest check results, and its status changes with the reason
// the evaluator recorded for each (summary, failing regions, the results behind it).
import type { CheckResult } from '../../../domain/monitoring/index.js';
import type { StoredTransition } from '../../../store/monitor-state-repository.js';
import { EmptyState, When } from './common.js';
import { MonitorStatusBadge, PassedBadge, latencyText } from './monitor-common.js';
import { failureText } from './monitor-regions.js';

/** Conditions as code, one per line; a dash when there are none. */
export function ConditionList({ conditions }: { conditions: readonly string[] }) {
  if (conditions.length === 0) return <span class="muted">–</span>;
  return (
    <ul class="plain-list">
      {conditions.map((condition) => (
        <li>
          <code safe>{condition}</code>
        </li>
      ))}
    </ul>
  );
}

export function ResultTable({ results }: { results: CheckResult[] }) {
  if (results.length === 0)
    return (
      <EmptyState>
        <p>No check result yet. Results appear once a probe agent of a region runs the checks.</p>
      </EmptyState>
    );
  return (
    <div class="table-wrap">
      <table class="results">
        <caption class="visually-hidden">Latest check results, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Region</th>
            <th scope="col">Result</th>
            <th scope="col">Latency</th>
            <th scope="col">Error</th>
            <th scope="col">Failed conditions</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr class={result.passed ? '' : 'failed'}>
              <td data-label="Time">
                <When at={result.checkedAt} timeZone="Etc/UTC" />
              </td>
              <td data-label="Region" safe>
                {result.region}
              </td>
              <td data-label="Result">
                <PassedBadge passed={result.passed} />
              </td>
              <td data-label="Latency" safe>
                {latencyText(result.latencyMs)}
              </td>
              <td data-label="Error" class="error-text" safe>
                {result.error ?? ''}
              </td>
              <td data-label="Failed conditions">
                <ConditionList conditions={result.failedConditions ?? []} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Evidence({ transition }: { transition: StoredTransition }) {
  const { evidence } = transition.reason;
  if (evidence.length === 0) return '';
  return (
    <details class="evidence">
      <summary>Results behind it</summary>
      <ul class="plain-list">
        {evidence.map((item) => (
          <li>
            <strong safe>{item.region}</strong> <PassedBadge passed={item.passed} />{' '}
            <When at={new Date(item.checkedAt)} timeZone="Etc/UTC" />{' '}
            <span class="muted" safe>
              {latencyText(item.latencyMs)}
            </span>
            {item.passed ? (
              ''
            ) : (
              <span class="error-text block" safe>
                {failureText(item)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function TransitionList({ transitions }: { transitions: StoredTransition[] }) {
  if (transitions.length === 0) return <p class="muted">No status change yet.</p>;
  return (
    <ol class="timeline transitions">
      {transitions.map((transition) => (
        <li class="timeline-item">
          <div class="timeline-head">
            <MonitorStatusBadge status={transition.from} />
            <span aria-label="to">→</span>
            <MonitorStatusBadge status={transition.to} />
            <When at={transition.at} timeZone="Etc/UTC" />
          </div>
          <p safe>{transition.reason.summary}</p>
          {transition.reason.failingRegions.length > 0 ? (
            <p class="muted" safe>
              {`Failing regions: ${transition.reason.failingRegions.join(', ')}`}
            </p>
          ) : (
            ''
          )}
          <Evidence transition={transition} />
        </li>
      ))}
    </ol>
  );
}
