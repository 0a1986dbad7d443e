// Reading the monitors of a configuration file: every type with its defaults, links from components,
// and every mistake at its line and column, down to the column inside a condition.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { configProblems, ISSUE_MONITORS } from '../../test/support/config-files.js';
import { readConfig } from './read-config.js';

const problems = configProblems;

/** A file with one monitor made of these lines (indented under `- `), and no pages. */
const monitor = (...lines: string[]): string => `monitors:\n  - ${lines.join('\n    ')}\n`;

describe('readConfig monitors', () => {
  it('accepts the file of the issue, with the domain defaults for what it leaves out', () => {
    const spec = readConfig(ISSUE_MONITORS, 'vigil.yaml');
    assert.equal(spec.declaresMonitors, true);
    assert.deepEqual(
      spec.monitors.map((m) => [m.name, m.type, m.target, m.settings, m.conditions]),
      [
        [
          'website',
          'http',
          { url: 'http://127.0.0.1:8080/health' },
          {
            intervalMs: 10_000,
            timeoutMs: 5_000,
            regions: ['local'],
            failureThreshold: 2,
            successThreshold: 1,
            quorum: 1,
            degradedLatencyMs: null,
            paused: false,
          },
          ['status == 200', 'latency < 500ms'],
        ],
      ],
    );
    const website = spec.pages[0]!.components[0]!;
    assert.deepEqual([website.monitors, website.auto_incident], [['website'], false]);
  });

  it('reads every type, with target fields written flat on the monitor', () => {
    const spec = readConfig(
      `monitors:
  - name: api
    type: http
    url: https://api.example.com/v1/ping
    method: POST
    headers: { Authorization: Bearer x }
    body: '{}'
    follow_redirects: false
    verify_tls: false
    timeout: 2s
    degraded_latency: 800ms
    paused: true
  - { name: db, type: tcp, host: db.internal, port: 5432, regions: [eu, us, ap] }
  - { name: dns, type: dns, query: example.com, record_type: MX, resolver: 1.1.1.1 }
  - { name: cert, type: tls, host: example.com, certificate_expiry_days: [7, 30, 1] }
  - { name: backup, type: heartbeat, interval: 1d, grace: 30m }
  - { name: dns-default, type: dns, query: example.org }
`,
      'x.yaml',
    );
    assert.equal(spec.declaresMonitors, true);
    assert.deepEqual(
      spec.monitors.map((m) => m.target),
      [
        {
          url: 'https://api.example.com/v1/ping',
          method: 'POST',
          headers: { Authorization: 'Bearer x' },
          body: '{}',
          followRedirects: false,
          verifyTls: false,
        },
        { host: 'db.internal', port: 5432 },
        { name: 'example.com', recordType: 'MX', resolver: '1.1.1.1' },
        { host: 'example.com', port: 443 },
        { graceMs: 30 * 60_000 },
        { name: 'example.org', recordType: 'A' },
      ],
    );
    const [api, db, , cert, backup] = spec.monitors;
    assert.deepEqual(
      [api!.settings.timeoutMs, api!.settings.degradedLatencyMs, api!.settings.paused],
      [2_000, 800, true],
    );
    assert.deepEqual(cert!.settings.certificateExpiryDays, [30, 7, 1], 'largest first');
    assert.equal(api!.settings.certificateExpiryDays, undefined, 'the default');
    assert.deepEqual([db!.settings.regions, db!.settings.quorum], [['eu', 'us', 'ap'], 2]);
    assert.equal(backup!.settings.intervalMs, 86_400_000);
    assert.equal(readConfig('pages: []\n', 'x.yaml').declaresMonitors, false);
  });

  it('links components to monitors and reads auto_incident', () => {
    const spec = readConfig(
      `${ISSUE_MONITORS}          - name: API\n            monitors: []\n            auto_incident: true\n`,
      'x.yaml',
    );
    const api = spec.pages[0]!.components[1]!;
    assert.deepEqual([api.name, api.monitors, api.auto_incident], ['API', [], true]);
  });

  it('points a bad condition at the column inside the string, past quotes and escapes', () => {
    const text = monitor(
      'name: web',
      'type: http',
      'url: http://x',
      'conditions:',
      '  - status == 2OO',
      '  - "body == \\"a\\" and latency < 5xs"',
      "  - 'body == \"it''s\" and status == x'",
    );
    const found = problems(text);
    assert.deepEqual(found, [
      '6:20: condition 1 of monitor "web": expected a duration unit (ms, s, m, h or d) after 2, found "OO" (column 12 of the condition)',
      '7:39: condition 2 of monitor "web": expected a duration unit (ms, s, m, h or d) after 5, found "xs" (column 28 of the condition)',
      '8:40: condition 3 of monitor "web": expected a number after "==", found "x" (column 30 of the condition)',
    ]);
    // The file columns land on the very characters the condition parser complains about.
    const lines = text.split('\n');
    assert.deepEqual(
      found.map((p) => {
        const [line, column] = p.split(':').map(Number);
        return lines[line! - 1]!.slice(column! - 1, column! + 1);
      }),
      ['OO', 'xs', "x'"],
    );
  });

  it('points at the column inside a flow list of conditions, as the issue writes them', () => {
    const text = ISSUE_MONITORS.replace('"latency < 500ms"', '"latency < 500xs"');
    const [problem] = problems(text);
    const line = text.split('\n')[6]!;
    assert.match(problem!, /^7:49: condition 2 of monitor "website": .*found "xs"/);
    assert.equal(line.slice(48, 50), 'xs');
  });

  it('reports bad values at the value, with the same rules as the service', () => {
    assert.deepEqual(
      problems(
        `monitors:
  - name: web
    type: http
    url: ftp://example.com
  - name: other
    type: smtp
  - name: port
    type: tcp
    host: db
    port: 70000
  - name: dns
    type: dns
    query: not a host
  - name: fast
    type: http
    url: http://x
    interval: 5s
    headers:
      X-Token: "a\\nb"
`,
      ),
      [
        '4:10: url must use http or https (got ftp:) (monitor "web")',
        '6:11: type must be one of http, tcp, dns, tls, heartbeat',
        '10:11: port must be an integer from 1 to 65535 (monitor "port")',
        '13:12: query must be a host name or IP address (monitor "dns")',
        '17:15: interval must be from 10s to 7d (got 5s)',
        '19:16: headers.X-Token must be a string on one line (monitor "fast")',
      ],
    );
  });

  it('points a bad certificate notice day at its entry, and refuses the key where no certificate is seen', () => {
    assert.deepEqual(
      problems(`monitors:
  - name: web
    type: http
    url: https://example.com
    certificate_expiry_days: [30, 400, 7]
  - name: cert
    type: tls
    host: example.com
    certificate_expiry_days:
      - 14
      - 7
      - 14
  - name: many
    type: tls
    host: example.com
    certificate_expiry_days: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  - name: db
    type: tcp
    host: db
    port: 5432
    certificate_expiry_days: [7]
`),
      [
        '5:35: certificate_expiry_days must list whole days from 1 to 365 (got 400)',
        '12:9: certificate_expiry_days must not repeat 14',
        '16:30: certificate_expiry_days must list at most 10 days (got 11)',
        '21:5: "certificate_expiry_days" is not a key of tcp monitors (monitor "db"); only http and tls monitors see a certificate',
      ],
    );
  });

  it('reports unknown keys, keys of another type and missing keys', () => {
    assert.deepEqual(
      problems(
        monitor('name: web', 'type: tcp', 'url: http://x', 'host: a', 'port: 1', 'colour: red'),
      ),
      [
        '4:5: "url" is not a key of tcp monitors (monitor "web"); they take: host, port',
        '7:5: unknown key "colour" in a monitor; expected one of: name, type, url, method, headers, body, follow_redirects, verify_tls, host, port, query, record_type, resolver, servername, grace, interval, timeout, regions, failure_threshold, success_threshold, quorum, degraded_latency, paused, certificate_expiry_days, conditions, notify',
      ],
    );
    assert.deepEqual(problems(monitor('type: http', 'url: http://x')), [
      '2:5: a monitor needs "name" (a string)',
    ]);
    assert.deepEqual(problems(monitor('name: x', 'type: tcp', 'host: a')), [
      '2:5: port must be an integer from 1 to 65535 (monitor "x")',
    ]);
  });

  it('refuses duplicate monitor names and references to monitors the file does not declare', () => {
    const text = `${ISSUE_MONITORS.replace('pages:', '  - name: website\n    type: tcp\n    host: a\n    port: 1\npages:')}          - name: API\n            monitors: [website, webiste]\n          - name: Docs\n            monitors: [website, website]\n`;
    assert.deepEqual(problems(text), [
      '10:11: duplicate monitor name: "website" is already declared at line 2, column 11',
      '24:33: component "API" lists monitor "webiste", which the file does not declare (declared: website)',
      '26:33: component "Docs" lists monitor "website" twice',
    ]);
    assert.deepEqual(
      problems(
        'pages:\n  - slug: a\n    name: A\n    components:\n      - name: C\n        monitors: [web]\n',
      ),
      ['6:20: component "C" lists monitor "web", which the file does not declare (declared: none)'],
    );
  });
});
