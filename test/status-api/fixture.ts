// A status page with everything the Statuspage v2 documents can show: groups interleaved with an
// ungrouped component, open and resolved incidents with affected components, and maintenances in
// every state; plus an empty page and a private one.
import type { Services } from '../../src/services/index.js';
import type { ComponentRow, ComponentGroupRow, PageRow } from '../../src/store/schema.js';
import type { IncidentDetail } from '../../src/store/incident-repository.js';

export interface StatusFixture {
  main: PageRow;
  empty: PageRow;
  secret: PageRow;
  groups: { core: ComponentGroupRow; edge: ComponentGroupRow; unused: ComponentGroupRow };
  components: Record<'api' | 'database' | 'website' | 'cdn' | 'docs', ComponentRow>;
  incidents: { open: IncidentDetail; resolved: IncidentDetail };
  maintenances: Record<'upcoming' | 'active' | 'verifying' | 'completed', IncidentDetail>;
}

const HOUR_MS = 3_600_000;

export async function seedStatusPages(
  services: Services,
  now = Date.now(),
): Promise<StatusFixture> {
  const { pages, incidents } = services;
  const main = await pages.createPage({
    slug: 'main',
    name: 'Example Inc.',
    time_zone: 'Europe/Paris',
  });
  const empty = await pages.createPage({ slug: 'empty', name: 'Empty' });
  const secret = await pages.createPage({ slug: 'internal', name: 'Internal', is_private: true });
  await pages.createComponent(secret.id, { name: 'VPN' });

  const core = await pages.createGroup(main.id, {
    name: 'Core',
    position: 0,
    description: 'The core',
  });
  const edge = await pages.createGroup(main.id, { name: 'Edge', position: 2 });
  const unused = await pages.createGroup(main.id, { name: 'Later', position: 9 });
  const components = {
    // Created out of display order on purpose, so ordering is by position, not by creation.
    database: await pages.createComponent(main.id, {
      name: 'Database',
      group_id: core.id,
      position: 5,
    }),
    api: await pages.createComponent(main.id, {
      name: 'API',
      group_id: core.id,
      position: 1,
      description: 'Public REST API',
      start_date: '2024-02-29',
    }),
    website: await pages.createComponent(main.id, { name: 'Website', position: 1 }),
    cdn: await pages.createComponent(main.id, { name: 'CDN', group_id: edge.id, position: 0 }),
    docs: await pages.createComponent(main.id, { name: 'Docs', position: 3, showcase: false }),
  };

  const resolved = await incidents.createIncident(
    main.id,
    {
      name: 'Database slow',
      impact: 'minor',
      body: 'Queries are slow.',
      components: { [components.database.id]: 'degraded_performance' },
    },
    new Date(now - 5 * HOUR_MS),
  );
  await incidents.postUpdate(
    resolved.id,
    { status: 'monitoring', body: 'A fix is out.' },
    new Date(now - 4.5 * HOUR_MS),
  );
  await incidents.postUpdate(
    resolved.id,
    {
      status: 'resolved',
      body: 'All good.',
      components: { [components.database.id]: 'operational' },
    },
    new Date(now - 4 * HOUR_MS),
  );
  const open = await incidents.createIncident(
    main.id,
    {
      name: 'API errors',
      impact: 'major',
      body: 'Some requests **fail**.',
      components: { [components.api.id]: 'partial_outage' },
      component_ids: [components.website.id],
    },
    new Date(now - HOUR_MS),
  );
  await incidents.postUpdate(
    open.id,
    { status: 'identified', body: 'Found the cause.' },
    new Date(now - 0.5 * HOUR_MS),
  );

  // Windows match the stored statuses, so the maintenance clock leaves them as they are.
  const maintenance = (name: string, status: string, fromHours: number, untilHours: number) =>
    incidents.createMaintenance(main.id, {
      name,
      status,
      body: `${name} window.`,
      scheduled_for: new Date(now + fromHours * HOUR_MS).toISOString(),
      scheduled_until: new Date(now + untilHours * HOUR_MS).toISOString(),
      component_ids: [components.cdn.id],
    });
  const maintenances = {
    completed: await maintenance('Old upgrade', 'completed', -48, -47),
    active: await maintenance('Network work', 'in_progress', -1, 3),
    verifying: await maintenance('Storage move', 'verifying', -2, 4),
    upcoming: await maintenance('Next upgrade', 'scheduled', 24, 26),
  };
  return {
    main: await pages.getPage(main.id),
    empty,
    secret,
    groups: { core, edge, unused },
    components,
    incidents: { open: await incidents.get(open.id), resolved: await incidents.get(resolved.id) },
    maintenances,
  };
}
