// Fills a Vigil database like a busy real status page: 3 groups, 30 components, 5 active and 200
// past incidents with 2–4 updates each, through the same services the admin and API use.
// Shared by bench/public-page and bench/cluster, so their page figures are of the same page.
import type { ComponentStatus, IncidentImpact } from '../../src/domain/status.js';
import { createServices, type Services } from '../../src/services/index.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

export const SEED_SHAPE = { groups: 3, components: 30, activeIncidents: 5, pastIncidents: 200 };

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A small deterministic generator, so every run benchmarks the same page. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const BODIES = [
  'We are investigating reports of **elevated error rates** on this service.',
  'The cause has been identified: a configuration change in one region. A rollback is under way.',
  'A fix has been deployed and we are monitoring the results. See [our runbook](https://example.com/runbook).',
  'This incident has been resolved. Requests are succeeding normally.\n\n- errors back to baseline\n- latency normal',
];

export async function seedBusyPage(services: Services, now = Date.now()): Promise<void> {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const page = await services.pages.createPage({
    slug: 'main',
    name: 'Example Inc.',
    description: 'Status of Example services.',
    is_default: true,
  });
  const componentIds: string[] = [];
  for (let g = 0; g < SEED_SHAPE.groups; g++) {
    const group = await services.pages.createGroup(page.id, { name: `Region ${g + 1}` });
    for (let c = 0; c < 8; c++) {
      const component = await services.pages.createComponent(page.id, {
        name: `Service ${g + 1}.${c + 1}`,
        group_id: group.id,
        description: c % 2 === 0 ? `Handles part ${c + 1} of region ${g + 1}.` : undefined,
      });
      componentIds.push(component.id);
    }
  }
  while (componentIds.length < SEED_SHAPE.components) {
    const component = await services.pages.createComponent(page.id, {
      name: `Standalone ${componentIds.length + 1}`,
    });
    componentIds.push(component.id);
  }

  const impacts: IncidentImpact[] = ['none', 'minor', 'major', 'critical'];
  const outages: ComponentStatus[] = ['degraded_performance', 'partial_outage', 'major_outage'];
  // Oldest first, so creation order (which incident lists sort by) matches the story told.
  for (let i = 0; i < SEED_SHAPE.pastIncidents; i++) {
    const startedAt = now - (SEED_SHAPE.pastIncidents - i) * DAY_MS + next() * DAY_MS * 0.5;
    const componentId = pick(componentIds);
    const incident = await services.incidents.createIncident(
      page.id,
      {
        name: `Past incident ${i + 1}`,
        impact: pick(impacts),
        body: BODIES[0],
        components: { [componentId]: pick(outages) },
      },
      new Date(startedAt),
    );
    const middle = ['identified', 'monitoring'].slice(0, Math.floor(next() * 3));
    for (const [step, status] of [...middle, 'resolved'].entries()) {
      const resolved = status === 'resolved';
      await services.incidents.postUpdate(
        incident.id,
        {
          status,
          body: BODIES[resolved ? 3 : step + 1],
          components: resolved ? { [componentId]: 'operational' } : undefined,
        },
        new Date(startedAt + (step + 1) * 30 * MINUTE_MS),
      );
    }
  }
  for (let i = 0; i < SEED_SHAPE.activeIncidents; i++) {
    const incident = await services.incidents.createIncident(
      page.id,
      {
        name: `Ongoing problem ${i + 1}`,
        impact: pick(impacts.slice(1)),
        body: BODIES[0],
        components: { [componentIds[i * 6]!]: pick(outages) },
      },
      new Date(now - (i + 1) * 20 * MINUTE_MS),
    );
    await services.incidents.postUpdate(
      incident.id,
      { status: 'identified', body: BODIES[1] },
      new Date(now - (i + 1) * 10 * MINUTE_MS),
    );
  }
}

/**
 * Migrates a new database (PGlite in `dataDir`, or PostgreSQL at `databaseUrl`), seeds the busy
 * page and closes it again; returns how long that took in ms.
 */
export async function seedBusyDatabase(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<number> {
  const started = Date.now();
  const database = await openDatabase({ dataDir, databaseUrl, poolSize: 4 });
  try {
    await migrate(database);
    await seedBusyPage(createServices(database.db, { sessionTtlMs: 3_600_000 }));
  } finally {
    // PGlite lets one process open the directory: the server gets it next.
    await database.close();
  }
  return Date.now() - started;
}
