// The ingest figure of the cluster benchmark: wrk POSTs probe result batches through nginx to
// /internal/v1/probe/results with a region's token, and afterwards the rows stored under this
// run's ids are counted, because a fast ingest that silently drops results is no figure at all.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { waitFor } from '../../scripts/cluster/wait-for.js';
import { runLoad, type LoadResult } from '../public-page/load.js';
import { parseIngestCounts, writeIngestScript, type IngestCounts } from './ingest-script.js';
import type { Phase } from './measure.js';

export interface IngestRun {
  baseUrl: string;
  token: string;
  monitorIds: readonly string[];
  resultsPerBatch: number;
  connections: number;
  /** e.g. `w2`: result ids start with `<prefix>-<phase>.`. */
  prefix: string;
  /** Where the generated Lua scripts are written (and removed again). */
  workDir: string;
}

export interface IngestCheck {
  counts: IngestCounts;
  /** Rows in check_results whose id is one of the measured run's. */
  storedRows: number;
  /** Every acknowledged batch stored all its results, and no more rows exist than were sent. */
  ok: boolean;
  problem: string | undefined;
}

/** Measured runs' counts, by label, for the check after the load. */
export type IngestLoad = ((phase: Phase, durationSeconds: number) => Promise<LoadResult>) & {
  measured(): { label: string; counts: IngestCounts } | undefined;
};

export function ingestLoad(run: IngestRun): IngestLoad {
  let measured: { label: string; counts: IngestCounts } | undefined;
  const load = async (phase: Phase, durationSeconds: number) => {
    const label = `${run.prefix}-${phase}`;
    const script = join(run.workDir, `${label}.lua`);
    // One wrk thread (as runLoad uses): the script is told, so ids of threads never collide.
    await writeIngestScript(script, {
      label,
      token: run.token,
      monitorIds: run.monitorIds,
      resultsPerBatch: run.resultsPerBatch,
      threads: 1,
    });
    try {
      const result = await runLoad({
        url: run.baseUrl,
        connections: run.connections,
        durationSeconds,
        script,
      });
      if (phase === 'measure') measured = { label, counts: parseIngestCounts(result.output) };
      return result;
    } finally {
      await rm(script, { force: true });
    }
  };
  return Object.assign(load, { measured: () => measured });
}

function storedWithPrefix(db: Kysely<Database>, label: string): Promise<number> {
  return sql<{ n: string }>`
    SELECT count(*) AS n FROM check_results WHERE starts_with(id, ${`${label}.`})`
    .execute(db)
    .then((result) => Number(result.rows[0]!.n));
}

/**
 * Counts the measured run's rows once they stop changing (batches in flight when wrk stopped may
 * still be committing) and compares them with what the load generator sent and web acknowledged.
 */
export async function checkIngest(
  db: Kysely<Database>,
  label: string,
  counts: IngestCounts,
  resultsPerBatch: number,
): Promise<IngestCheck> {
  let previous = -1;
  const storedRows = await waitFor(
    `the rows of ${label} to stop changing`,
    async () => {
      const now = await storedWithPrefix(db, label);
      const settled = now === previous;
      previous = now;
      return settled ? now : undefined;
    },
    30_000,
    1_000,
  );
  const acknowledgedResults = counts.acknowledged * resultsPerBatch;
  const sentResults = counts.sent * resultsPerBatch;
  let problem: string | undefined;
  if (counts.storedAcknowledged !== acknowledgedResults)
    problem = `web acknowledged ${counts.acknowledged} batches (${acknowledgedResults} results) but said it stored ${counts.storedAcknowledged}`;
  else if (storedRows < acknowledgedResults)
    problem = `only ${storedRows} rows stored of ${acknowledgedResults} acknowledged results`;
  else if (storedRows > sentResults)
    problem = `${storedRows} rows stored but only ${sentResults} results were sent`;
  return { counts, storedRows, ok: problem === undefined, problem };
}
