// Reading the channels of a configuration file and the monitors' `notify`: issue 5's example as
// written, and every mistake at its line and column.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { configProblems, ISSUE_CHANNELS } from '../../test/support/config-files.js';
import { channelTypeNames } from '../notifier/channels/index.js';
import { readConfig } from './read-config.js';

describe('readConfig channels', () => {
  it('accepts the example of issue 5 exactly', () => {
    const spec = readConfig(ISSUE_CHANNELS, 'vigil.yaml');
    assert.equal(spec.declaresChannels, true);
    assert.deepEqual(
      spec.channels.map((c) => [c.name, c.type, c.config, c.enabled]),
      [['ops-hook', 'webhook', { url: 'http://127.0.0.1:9000/hook', secret: 'change-me' }, true]],
    );
    assert.deepEqual(spec.monitors[0]!.notify, ['ops-hook']);
    assert.deepEqual(spec.monitors[0]!.notifyAt, [{ line: 15, column: 14 }]);
  });

  it('normalises public settings and keeps a secret only when the file gives one', () => {
    const spec = readConfig(
      'channels:\n  - { name: a, type: webhook, url: "https://example.com", enabled: false }\n  - { name: b, type: webhook, url: "https://example.com/b", secret: null }\n',
      'x.yaml',
    );
    assert.deepEqual(
      spec.channels.map((c) => [c.config, c.enabled]),
      [
        [{ url: 'https://example.com/' }, false],
        [{ url: 'https://example.com/b', secret: null }, true],
      ],
    );
  });

  it('reports each mistake at its line and column, naming the channel', () => {
    assert.deepEqual(
      configProblems(`channels:
  - name: hook
    type: webhook
    url: ftp://example.com
  - name: pager
    type: carrier-pigeon
  - name: signed
    type: webhook
    url: https://example.com
    secret: 42
  - type: webhook
    url: https://example.com
    token: x
`),
      [
        '4:10: url must be an absolute http(s) URL (channel "hook")',
        `6:11: type of channel "pager" must be one of ${channelTypeNames().join(', ')}`,
        '10:13: secret must be a non-empty string (channel "signed")',
        '11:5: a channel needs "name" (a string)',
        // `token` is a setting of other types (ntfy, Gotify), just not of webhooks.
        '13:5: "token" is not a setting of webhook channels (a channel); they take: url, secret',
      ],
    );
  });

  it('refuses two channels of the same name', () => {
    assert.deepEqual(
      configProblems(
        'channels:\n  - { name: ops, type: webhook, url: "http://a/" }\n  - { name: ops, type: webhook, url: "http://b/" }\n',
      ),
      ['3:13: duplicate channel name: "ops" is already declared at line 2, column 13'],
    );
  });

  it('refuses a monitor that notifies a channel the file does not declare, or one twice', () => {
    assert.deepEqual(
      configProblems(
        'channels:\n  - { name: ops, type: webhook, url: "http://a/" }\nmonitors:\n  - { name: m, type: tcp, host: h, port: 1, notify: [ops, pager, ops] }\n',
      ),
      [
        '4:59: monitor "m" notifies channel "pager", which the file does not declare (declared: ops)',
        '4:66: monitor "m" lists channel "ops" twice',
      ],
    );
  });
});
