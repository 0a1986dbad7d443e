// Everything survives a restart: a server on the embedded database is stopped and started again on
// the same DATA_DIR, and the pages, incidents, admins and API keys are all still there.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/observability/logger.js';
import { startWeb } from '../../src/web/server.js';

describe('restart on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    VIGIL_ADMIN_EMAIL: 'admin@example.com',
    VIGIL_ADMIN_PASSWORD: 'restart password',
  });

  it('keeps pages, components, incidents, admins and API keys', async () => {
    const first = await startWeb(config, createLogger('silent'));
    const page = await first.services.pages.createPage({ slug: 'main', name: 'Survivor Inc.' });
    const component = await first.services.pages.createComponent(page.id, { name: 'API' });
    const incident = await first.services.incidents.createIncident(page.id, {
      name: 'Elevated errors',
      body: 'Looking into it.',
      components: { [component.id]: 'partial_outage' },
    });
    const { secret } = await first.services.apiKeys.create({ name: 'ci', scope: 'read' });
    await first.stop();

    const second = await startWeb(config, createLogger('silent'));
    try {
      assert.equal(second.setupToken, null, 'the admin from the first run still exists');
      assert.equal((await second.services.pages.getPage(page.id)).name, 'Survivor Inc.');
      assert.equal(
        (await second.services.pages.getComponent(component.id)).status,
        'partial_outage',
      );
      const stored = await second.services.incidents.get(incident.id);
      assert.equal(stored.updates[0]?.body, 'Looking into it.');
      assert.ok(await second.services.apiKeys.authenticate(secret));
      await second.services.auth.verifyLogin('admin@example.com', 'restart password');
      const html = await (await fetch(`${second.url}/`)).text();
      assert.match(html, /Survivor Inc\./);
      assert.match(html, /Elevated errors/);
    } finally {
      await second.stop();
    }
  });
});
