// A monitor's `notify` with reminders: both forms side by side, remind_every as a duration in
// whole minutes within bounds, and each mistake at its line and column.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { configProblems } from '../../test/support/config-files.js';
import { readConfig } from './read-config.js';

const file = (notify: string) => `channels:
  - { name: ops-hook, type: webhook, url: "http://127.0.0.1:9000/hook" }
  - { name: pager, type: webhook, url: "http://127.0.0.1:9000/pager" }
monitors:
  - name: website
    type: http
    url: http://127.0.0.1:8080/health
    notify: ${notify}
`;

describe('readConfig notify with reminders', () => {
  it('reads plain names and {channel, remind_every} entries together', () => {
    const spec = readConfig(
      file('[pager, {channel: ops-hook, remind_every: 30m}, ]'),
      'vigil.yaml',
    );
    assert.deepEqual(spec.monitors[0]!.notify, ['pager', 'ops-hook']);
    assert.deepEqual(spec.monitors[0]!.remindEvery, { 'ops-hook': 30 });
    const hours = readConfig(file('[{channel: ops-hook, remind_every: 2h}]'), 'vigil.yaml');
    assert.deepEqual(hours.monitors[0]!.remindEvery, { 'ops-hook': 120 });
    const none = readConfig(file('[{channel: ops-hook, remind_every: null}]'), 'vigil.yaml');
    assert.deepEqual(none.monitors[0]!.remindEvery, {});
    assert.deepEqual(none.monitors[0]!.notify, ['ops-hook']);
  });

  it('reports bad entries at their line and column', () => {
    assert.deepEqual(configProblems(file('[{channel: ops-hook, remind_every: 1m}]')), [
      '8:48: remind_every must be between 5 minutes and one week (10080 minutes)',
    ]);
    assert.deepEqual(configProblems(file('[{channel: ops-hook, remind_every: 8d}]')), [
      '8:48: remind_every must be between 5 minutes and one week (10080 minutes)',
    ]);
    assert.deepEqual(configProblems(file('[{channel: ops-hook, remind_every: 90s}]')), [
      '8:48: remind_every must be whole minutes (e.g. 30m)',
    ]);
    assert.deepEqual(configProblems(file('[{channel: ops-hook, remind_every: 30}]')), [
      '8:48: remind_every must be a duration such as 30m or 2h',
    ]);
    assert.deepEqual(configProblems(file('[{channel: ops-hook, every: 30m}]')), [
      '8:34: unknown key "every" in a "notify" entry of monitor "website"; expected one of: channel, remind_every',
    ]);
    assert.deepEqual(configProblems(file('[pager, {channel: pager}]')), [
      '8:21: monitor "website" lists channel "pager" twice',
    ]);
    assert.deepEqual(configProblems(file('[{channel: nope, remind_every: 10m}]')), [
      '8:14: monitor "website" notifies channel "nope", which the file does not declare (declared: ops-hook, pager)',
    ]);
  });
});
