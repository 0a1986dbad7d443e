// Per-region verdicts of a monitor: where it fails, where it is fine and which regions went
// quiet, with the counts the thresholds work on and the result behind each verdict.
import type { ResultEvidence } from '../../../domain/monitoring/index.js';
import type { RegionRow } from '../monitor-pages.js';
import { When } from './common.js';
import { PassedBadge, StandingBadge, latencyText } from './monitor-common.js';

/** The error of a failed result, else the conditions that did not hold, in words. */
export function failureText(result: Pick<ResultEvidence, 'error' | 'failedConditions'>): string {
  return [result.error, ...result.failedConditions].filter(Boolean).join('; ');
}

function LastResult({ result }: { result: ResultEvidence | null }) {
  if (!result) return <span class="muted">No result yet</span>;
  return (
    <>
      <PassedBadge passed={result.passed} />{' '}
      <When at={new Date(result.checkedAt)} timeZone="Etc/UTC" />
      <span class="muted block" safe>
        {latencyText(result.latencyMs)}
      </span>
    </>
  );
}

export function RegionVerdicts({ regions }: { regions: RegionRow[] }) {
  return (
    <div class="table-wrap">
      <table class="region-verdicts">
        <caption class="visually-hidden">Verdict of each region</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Verdict</th>
            <th scope="col">Failed in a row</th>
            <th scope="col">Passed in a row</th>
            <th scope="col">Last result</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {regions.map(({ region, standing, verdict }) => (
            <tr class={`region-${standing}`}>
              <th scope="row" safe>
                {region}
              </th>
              <td data-label="Verdict">
                <StandingBadge standing={standing} />
              </td>
              <td data-label="Failed in a row">{verdict?.consecutiveFailures ?? 0}</td>
              <td data-label="Passed in a row">{verdict?.consecutiveSuccesses ?? 0}</td>
              <td data-label="Last result">
                <LastResult result={verdict?.lastResult ?? null} />
              </td>
              <td data-label="Last error" class="error-text">
                {verdict?.lastFailure ? (
                  <>
                    <span safe>{failureText(verdict.lastFailure) || 'Failed'}</span>
                    <span class="muted block">
                      <When at={new Date(verdict.lastFailure.checkedAt)} timeZone="Etc/UTC" />
                    </span>
                  </>
                ) : (
                  <span class="muted">None</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
