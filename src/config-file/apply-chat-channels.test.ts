// Config files with chat channels, whose credential is a required secret (a Slack webhook URL, a
// Telegram bot token), on PGlite and PostgreSQL: applied encrypted, exported without them, the
// export applies as no change and keeps them, and a new channel without one is refused at its line.
import { randomBytes } from 'node:crypto';
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { applyText } from '../../test/support/config-files.js';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { createServices, type Services } from '../services/index.js';
import { SecretBox } from '../services/secret-box.js';
import { loadState } from './apply.js';
import { ConfigFileError } from './config-file-error.js';
import { exportConfig } from './export.js';
import { formatPlan } from './plan.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const FILE = `channels:
  - name: ops-slack
    type: slack
    webhook_url: https://hooks.slack.com/services/T0/B0/xyz
  - name: ops-telegram
    type: telegram
    bot_token: "${TOKEN}"
    chat_id: "-1001234567890"
`;

for (const backend of await databaseBackends()) {
  describe(`config files with chat channels on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;
    const apply = (text: string) => applyText(database, text, { channels: services.channels });
    before(async () => {
      database = await backend.create();
      const secretBox = SecretBox.withKey(randomBytes(32));
      services = createServices(database.db, { sessionTtlMs: 60_000, secretBox });
    });
    after(() => database.drop());

    const storedSecrets = async () =>
      (await services.channels.listWithSecrets()).map((c) => [
        c.view.name,
        c.config?.webhook_url ?? c.config?.bot_token,
      ]);

    it('applies them with their secrets encrypted; the export leaves them out and changes nothing', async () => {
      assert.equal(
        formatPlan((await apply(FILE)).steps),
        '+ channel ops-slack\n+ channel ops-telegram',
      );
      const stored = await database.db.selectFrom('channels').select('config').execute();
      assert.ok(!JSON.stringify(stored).includes('xyz'), 'the webhook URL is stored encrypted');
      assert.ok(!JSON.stringify(stored).includes(TOKEN), 'the bot token is stored encrypted');
      const exported = exportConfig(await loadState(database.db, services.channels));
      assert.ok(!exported.includes('webhook_url') && !exported.includes('bot_token'), exported);
      assert.match(
        exported,
        /- name: ops-telegram\n {4}type: telegram\n {4}chat_id: "-1001234567890"\n/,
      );
      assert.deepEqual((await apply(exported)).steps, []);
      assert.deepEqual(await storedSecrets(), [
        ['ops-slack', 'https://hooks.slack.com/services/T0/B0/xyz'],
        ['ops-telegram', TOKEN],
      ]);
      assert.deepEqual((await apply(FILE)).steps, [], 'applying the file again changes nothing');
    });

    it('refuses a new channel without its required secret, at its line', async () => {
      const missing = `${FILE}  - name: new-slack\n    type: slack\n`;
      await assert.rejects(apply(missing), (error: unknown) => {
        assert.ok(error instanceof ConfigFileError);
        assert.match(
          error.message,
          /9:5: creating channel new-slack: config\.webhook_url: webhook_url is required/,
        );
        return true;
      });
    });
  });
}
