// Seeds N HTTP monitors at one interval against the target, straight through the repository in
// chunks (the service's per-monitor transaction would make seeding the slowest part of the run).
import type { Kysely } from 'kysely';
import { parseMonitorSettings } from '../../src/domain/monitoring/index.js';
import { newId } from '../../src/store/ids.js';
import type { Database } from '../../src/store/schema.js';

const CHUNK = 500;

export async function seedMonitors(
  db: Kysely<Database>,
  options: { count: number; intervalSeconds: number; region: string; targetUrl: string },
): Promise<void> {
  const settings = parseMonitorSettings({
    interval: `${options.intervalSeconds}s`,
    timeout: '5s',
    regions: [options.region],
    failure_threshold: 3,
    success_threshold: 2,
  });
  for (let start = 0; start < options.count; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(options.count, start + CHUNK); i++) {
      rows.push({
        id: newId(),
        name: `bench-${String(i).padStart(5, '0')}`,
        type: 'http' as const,
        spec: JSON.stringify({ url: `${options.targetUrl}/m/${i}` }),
        settings: JSON.stringify(settings),
        conditions: ['status == 200'],
      });
    }
    await db.insertInto('monitors').values(rows).execute();
  }
}
