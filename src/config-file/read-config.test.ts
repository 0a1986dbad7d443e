// Reading configuration files: what is accepted, and that every mistake is reported at its line and column.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configProblems } from '../../test/support/config-files.js';
import { readConfig } from './read-config.js';

const ISSUE_EXAMPLE = `pages:
  - slug: main
    name: Example Inc.
    default: true
    groups:
      - name: Core
        components:
          - name: API
          - name: Website
`;

const problems = configProblems;

describe('readConfig', () => {
  it('accepts the file of the issue, with defaults for what it leaves out', () => {
    const spec = readConfig(ISSUE_EXAMPLE, 'vigil.yaml');
    assert.equal(spec.pages.length, 1);
    const page = spec.pages[0]!;
    assert.deepEqual(
      [page.slug, page.name, page.is_default, page.time_zone, page.is_private, page.url],
      ['main', 'Example Inc.', true, 'Etc/UTC', false, null],
    );
    assert.deepEqual(
      page.groups.map((g) => g.name),
      ['Core'],
    );
    assert.deepEqual(
      page.components.map((c) => [c.group, c.name, c.showcase, c.only_show_if_degraded]),
      [
        ['Core', 'API', true, false],
        ['Core', 'Website', true, false],
      ],
    );
    assert.deepEqual(page.components[1]!.at, { line: 9, column: 13 });
  });

  it('accepts every documented field and the shipped example', () => {
    const spec = readConfig(
      `pages:
  - slug: shop
    name: "  Shop  "
    description: Our shop
    url: https://shop.example.com
    time_zone: Europe/Berlin
    private: true
    components:
      - name: Checkout
        description: Payments
        showcase: false
        only_show_if_degraded: true
        start_date: 2024-02-29
`,
      'x.yaml',
    );
    const page = spec.pages[0]!;
    assert.equal(page.name, 'Shop', 'text is trimmed the way the services store it');
    assert.equal(
      page.url,
      'https://shop.example.com/',
      'URLs are normalised the way they are stored',
    );
    assert.equal(page.is_private, true);
    assert.equal(page.is_default, false);
    assert.deepEqual(page.components[0], {
      ...page.components[0],
      group: null,
      description: 'Payments',
      showcase: false,
      only_show_if_degraded: true,
      start_date: '2024-02-29',
    });
    const example = readConfig(readFileSync('examples/vigil.yaml', 'utf8'), 'examples/vigil.yaml');
    assert.equal(example.pages.length, 2);
  });

  it('orders a page’s components as the file does, grouped or not', () => {
    const spec = readConfig(
      'pages:\n  - slug: a\n    name: A\n    components:\n      - name: Loose\n    groups:\n      - name: G\n        components:\n          - name: In\n',
      'x.yaml',
    );
    assert.deepEqual(
      spec.pages[0]!.components.map((c) => c.name),
      ['Loose', 'In'],
    );
  });

  it('reports a YAML syntax error at its line and column', () => {
    assert.deepEqual(problems('pages:\n  - slug: main\n    name: [unclosed\n    x: 1\n'), [
      '4:5: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    assert.match(
      problems('pages: []\n---\npages: []\n')[0]!,
      /^2:1: a configuration file holds one YAML document/,
    );
    assert.match(
      problems('pages:\n  - slug: a\n    slug: b\n')[0]!,
      /^3:5: this key appears twice/,
    );
  });

  it('reports unknown keys where they are, at every level', () => {
    assert.deepEqual(
      problems(
        'pages:\n  - slug: main\n    name: M\n    colour: red\n    groups:\n      - name: G\n        hidden: true\n        components:\n          - name: C\n            stauts: ok\npagez: []\n',
      ),
      [
        '4:5: unknown key "colour" in a page; expected one of: slug, name, description, url, time_zone, private, default, groups, components',
        '7:9: unknown key "hidden" in a group of page "main"; expected one of: name, description, components',
        '10:13: unknown key "stauts" in a component of group "G"; expected one of: name, description, showcase, only_show_if_degraded, start_date, monitors, auto_incident',
        '11:1: unknown key "pagez" in the file; expected one of: channels, monitors, pages',
      ],
    );
  });

  it('reports wrong types at the value, and missing keys at the item', () => {
    assert.deepEqual(
      problems(
        'pages:\n  - slug: main\n    name: 2024\n    private: "yes"\n    groups: {}\n  - name: No slug\n  - just a string\n',
      ),
      [
        '3:11: "name" in page "main" must be a string, got the number 2024 (put it in quotes: "2024")',
        '4:14: "private" in page "main" must be a boolean, got a string',
        '5:13: "groups" of page "main" must be a list, got a mapping',
        '6:5: a page needs "slug" (a string)',
        '7:5: a page must be a mapping (key: value), got a string',
      ],
    );
    assert.deepEqual(problems('pages: yes please\n'), [
      '1:8: "pages" must be a list, got a string',
    ]);
    assert.deepEqual(problems('- a\n'), [
      '1:1: the file must be a mapping (key: value), got a list',
    ]);
    assert.deepEqual(problems(''), ['1:1: the file must be a mapping (key: value), got nothing']);
    assert.deepEqual(problems('{}\n'), [
      '1:1: the file declares nothing; expected channels, monitors, pages',
    ]);
  });

  it('checks values with the same rules as the services, at the value', () => {
    assert.deepEqual(
      problems(
        'pages:\n  - slug: Not A Slug\n    name: "   "\n    url: ftp://x\n    time_zone: Mars/Olympus\n    components:\n      - name: C\n        start_date: 2024-02-30\n',
      ),
      [
        '2:11: slug must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
        '3:11: name must not be empty',
        '4:10: url must be an absolute http(s) URL',
        '5:16: time_zone must be an IANA time zone such as Etc/UTC or Europe/Paris',
        '8:21: start_date must be a date as YYYY-MM-DD',
      ],
    );
  });

  it('reports duplicates at the second occurrence, naming the first', () => {
    assert.deepEqual(
      problems(
        'pages:\n  - slug: a\n    name: A\n    default: true\n    groups:\n      - name: G\n        components:\n          - name: C\n      - name: G\n    components:\n      - name: C\n  - slug: a\n    name: Again\n    default: true\n',
      ),
      [
        '9:15: duplicate group name on page "a": "G" is already declared at line 6, column 15',
        '11:15: duplicate component name on page "a": "C" is already declared at line 8, column 19',
        '12:11: duplicate page slug: "a" is already declared at line 2, column 11',
        '14:14: only one page can be the default; page "a" already is (line 4)',
      ],
    );
  });

  it('follows YAML anchors and aliases', () => {
    const spec = readConfig(
      'pages:\n  - slug: a\n    name: &n Shared\n    components:\n      - name: *n\n',
      'x.yaml',
    );
    assert.equal(spec.pages[0]!.components[0]!.name, 'Shared');
  });
});
