// Reading the channels of a configuration file and the monitors' `notify`: issue 5's example as
// written, and every mistake at its line and column.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { configProblems, ISSUE_CHANNELS } from '../../test/support/config-files.js';
import { allChannelTypes, channelTypeNames } from '../notifier/channels/index.js';
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
    tokn: x
`),
      [
        '4:10: url must be an absolute http(s) URL (channel "hook")',
        // Every registered type, and every setting any of them takes.
        `6:11: type of channel "pager" must be one of ${channelTypeNames().join(', ')}`,
        '10:13: secret must be a non-empty string (channel "signed")',
        '11:5: a channel needs "name" (a string)',
        `13:5: unknown key "tokn" in a channel; expected one of: ${[
          ...['name', 'type', 'enabled'],
          ...new Set(allChannelTypes().flatMap((type) => type.fields)),
        ].join(', ')}`,
      ],
    );
  });

  it('reads an email channel and names a bad recipient at its line', () => {
    const spec = readConfig(
      'channels:\n  - name: ops-mail\n    type: email\n    to: [ops@Example.com, oncall@example.com]\n    from: Vigil <status@example.com>\n',
      'x.yaml',
    );
    assert.deepEqual(
      spec.channels.map((c) => [c.name, c.type, c.config]),
      [
        [
          'ops-mail',
          'email',
          { to: ['ops@example.com', 'oncall@example.com'], from: 'Vigil <status@example.com>' },
        ],
      ],
    );
    assert.deepEqual(
      configProblems(
        'channels:\n  - name: ops-mail\n    type: email\n    to: [ops@example.com, "x@y.z\\r\\nBcc: a@b.c"]\n',
      ),
      [
        '4:9: to[1] "x@y.z\\r\\nBcc: a@b.c" must not contain control characters or line breaks (channel "ops-mail")',
      ],
    );
  });

  it('reads chat channel settings written flat, a numeric Telegram chat id as text', () => {
    const spec = readConfig(
      `channels:
  - { name: chat, type: slack, webhook_url: "https://hooks.slack.com/services/T0/B0/x" }
  - name: tg
    type: telegram
    bot_token: "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    chat_id: -1001234567890
`,
      'x.yaml',
    );
    assert.deepEqual(
      spec.channels.map((c) => [c.name, c.type, c.config]),
      [
        ['chat', 'slack', { webhook_url: 'https://hooks.slack.com/services/T0/B0/x' }],
        [
          'tg',
          'telegram',
          {
            bot_token: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
            chat_id: '-1001234567890',
          },
        ],
      ],
    );
    assert.deepEqual(
      configProblems('channels:\n  - { name: tg, type: telegram, bot_token: x, chat_id: 1 }\n'),
      ['2:44: bot_token must look like 123456:ABC... (from @BotFather) (channel "tg")'],
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
