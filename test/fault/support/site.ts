// The cluster most fault tests start: nginx in front of `web` instances on a scratch PostgreSQL
// database with the example configuration applied (a default page with components), and the
// request mix a status page gets: the public page, summary.json and an authenticated API GET.
import { fileURLToPath } from 'node:url';
import {
  startCluster,
  type Cluster,
  type ClusterOptions,
} from '../../../scripts/cluster/launcher.js';
import { createPostgresDatabase } from '../../support/databases.js';
import type { LoadTarget } from '../../support/load.js';

export const EXAMPLE_CONFIG = fileURLToPath(
  new URL('../../../examples/vigil.yaml', import.meta.url),
);

export interface SiteCluster {
  cluster: Cluster;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startSiteCluster(
  options: Omit<ClusterOptions, 'databaseUrl'> = {},
): Promise<SiteCluster> {
  const database = await createPostgresDatabase();
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      configFile: EXAMPLE_CONFIG,
      regions: [],
      evaluators: 0,
      ...options,
      databaseUrl: database.url,
      // The load below is one client: the API's per-key limit would answer 429.
      env: { VIGIL_API_RATE_LIMIT: '1000000', ...options.env },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    cluster,
    databaseUrl: database.url,
    async stop() {
      try {
        await cluster.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

/**
 * GETs through nginx. The page is also fetched with a (meaningless) session cookie, which nginx
 * never answers from its micro-cache, so that every such request reaches a `web` instance.
 */
export function siteTargets(cluster: Cluster): LoadTarget[] {
  return [
    { name: 'page', url: `${cluster.url}/` },
    { name: 'page uncached', url: `${cluster.url}/`, headers: { cookie: 'vigil_session=none' } },
    { name: 'summary.json', url: `${cluster.url}/api/v2/summary.json` },
    {
      name: 'api monitors',
      url: `${cluster.url}/api/v1/monitors`,
      headers: { authorization: `Bearer ${cluster.apiKey}` },
    },
  ];
}
