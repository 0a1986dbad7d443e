// Helpers of the configuration-file tests: apply a text to a test database, and collect the
// problems of a file that must be refused.
import { strict as assert } from 'node:assert';
import { applyConfigText } from '../../src/config-file/apply.js';
import { ConfigFileError } from '../../src/config-file/config-file-error.js';
import { readConfig } from '../../src/config-file/read-config.js';
import type { ChannelService } from '../../src/services/channel-service.js';
import type { TestDatabase } from './databases.js';

export function applyText(
  database: TestDatabase,
  text: string,
  extra: { dryRun?: boolean; prune?: boolean; channels?: ChannelService } = {},
) {
  return applyConfigText(database.db, text, {
    file: 'vigil.yaml',
    dryRun: extra.dryRun ?? false,
    prune: extra.prune ?? false,
    prunePages: false,
    ...(extra.channels ? { channels: extra.channels } : {}),
  });
}

/** The problems of a file that must be refused, as `line:column: message`. */
export function configProblems(text: string): string[] {
  try {
    readConfig(text, 'test.yaml');
  } catch (error) {
    assert.ok(error instanceof ConfigFileError, `expected a ConfigFileError, got ${String(error)}`);
    assert.equal(error.file, 'test.yaml');
    return error.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  }
  assert.fail('the file was accepted');
}

/** The monitors example of issue 3, exactly as written there. */
export const ISSUE_MONITORS = `monitors:
  - name: website
    type: http
    url: http://127.0.0.1:8080/health
    interval: 10s
    regions: [local]
    conditions: ["status == 200", "latency < 500ms"]
    failure_threshold: 2
    success_threshold: 1
pages:
  - slug: main
    name: Example Inc.
    default: true
    groups:
      - name: Core
        components:
          - name: Website
            monitors: [website]
`;

/** The configuration example of issue 5 (channels and a monitor that notifies one), exactly. */
export const ISSUE_CHANNELS = `channels:
  - name: ops-hook
    type: webhook
    url: http://127.0.0.1:9000/hook
    secret: change-me
monitors:
  - name: website
    type: http
    url: http://127.0.0.1:8080/health
    interval: 10s
    regions: [local]
    conditions: ["status == 200"]
    failure_threshold: 2
    success_threshold: 1
    notify: [ops-hook]
`;
