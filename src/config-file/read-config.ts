// Turns the text of a configuration file into the state it declares, or a ConfigFileError listing
// every syntax, structure, type, value, duplicate and reference problem with its line and column.
import { LineCounter, parseDocument, type Node } from 'yaml';
import {
  optionalDay,
  optionalText,
  optionalUrl,
  requireSlug,
  requireText,
  requireTimeZone,
} from '../domain/validate.js';
import { ConfigFileError, sortProblems } from './config-file-error.js';
import {
  COMPONENT_DEFAULTS,
  PAGE_DEFAULTS,
  type ComponentSpec,
  type ConfigSpec,
  type GroupSpec,
  type PageSpec,
} from './spec.js';
import { checkChannelReferences, readChannels } from './read-channels.js';
import { checkMonitorReferences, readMonitorNames, readMonitors } from './read-monitors.js';
import { checkUnique, YamlReader, type Fields } from './yaml-reader.js';

/** Same limits as StatusPageService, which checks them again when writing. */
const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/** Top-level sections. */
const SECTIONS = ['channels', 'monitors', 'pages'] as const;

const PAGE_KEYS = [
  'slug',
  'name',
  'description',
  'url',
  'time_zone',
  'private',
  'default',
  'groups',
  'components',
];
const GROUP_KEYS = ['name', 'description', 'components'];
const COMPONENT_KEYS = [
  'name',
  'description',
  'showcase',
  'only_show_if_degraded',
  'start_date',
  'monitors',
  'auto_incident',
];

/** Parses and checks a whole file; `file` is the name used in error messages. */
export function readConfig(text: string, file: string): ConfigSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const reader = new YamlReader(doc, lines, text);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      reader.report(
        reader.positionOfOffset(error.pos[0]),
        syntaxMessage(error.code, error.message),
      );
    }
    throw new ConfigFileError(file, sortProblems(reader.problems));
  }
  const spec = readDocument(reader, reader.resolve(doc.contents));
  if (reader.problems.length > 0) throw new ConfigFileError(file, sortProblems(reader.problems));
  return spec;
}

function syntaxMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'a configuration file holds one YAML document (no "---")';
  if (code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping';
  return `YAML syntax: ${message.replace(/ at line \d+, column \d+.*$/s, '')}`;
}

function readDocument(reader: YamlReader, root: Node | null): ConfigSpec {
  const top = reader.fields(root, 'the file', SECTIONS);
  if (!top) {
    return {
      channels: [],
      declaresChannels: false,
      monitors: [],
      declaresMonitors: false,
      pages: [],
    };
  }
  if (!SECTIONS.some((section) => top.has(section))) {
    reader.report(top.at, `the file declares nothing; expected ${SECTIONS.join(', ')}`);
  }
  const channels = readChannels(reader, top.node('channels'));
  const monitors = readMonitors(reader, top.node('monitors'));
  const pages = reader.list(top.node('pages'), '"pages"').flatMap((node) => {
    const page = readPage(reader, node);
    return page ? [page] : [];
  });
  checkUnique(
    reader,
    pages,
    (p) => p.slug,
    (p) => p.fieldAt.slug ?? p.at,
    'page slug',
  );
  const defaults = pages.filter((page) => page.is_default);
  for (const extra of defaults.slice(1)) {
    reader.report(
      extra.fieldAt.is_default ?? extra.at,
      `only one page can be the default; page "${defaults[0]!.slug}" already is (line ${defaults[0]!.fieldAt.is_default?.line})`,
      'is_default',
    );
  }
  checkMonitorReferences(reader, monitors, pages);
  checkChannelReferences(reader, channels, monitors);
  return {
    channels,
    declaresChannels: top.has('channels'),
    monitors,
    declaresMonitors: top.has('monitors'),
    pages,
  };
}

function readPage(reader: YamlReader, node: Node | null): PageSpec | undefined {
  const fields = reader.fields(node, 'a page', PAGE_KEYS);
  if (!fields) return undefined;
  const slug = fields.check('slug', fields.string('slug', { required: true }), (v) =>
    requireSlug('slug', v),
  );
  const what = slug ? `page "${slug}"` : 'page';
  fields.rename(what);
  const name = requiredName(fields);
  const description = optionalDescription(fields);
  const url = fields.check('url', fields.string('url'), (v) => optionalUrl('url', v));
  const timeZone = fields.check('time_zone', fields.string('time_zone'), (v) =>
    v === null ? PAGE_DEFAULTS.time_zone : requireTimeZone('time_zone', v),
  );
  const isPrivate = fields.boolean('private');
  const isDefault = fields.boolean('default');
  const groups = reader.list(fields.node('groups'), `"groups" of ${what}`).flatMap((groupNode) => {
    const group = readGroup(reader, groupNode, what);
    return group ? [group] : [];
  });
  checkUnique(
    reader,
    groups,
    (g) => g.spec.name,
    (g) => g.spec.fieldAt.name ?? g.spec.at,
    `group name on ${what}`,
  );
  const components = [
    ...readComponents(
      reader,
      reader.list(fields.node('components'), `"components" of ${what}`),
      null,
      what,
    ),
    ...groups.flatMap((g) => g.components),
  ].sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
  checkUnique(
    reader,
    components,
    (c) => c.name,
    (c) => c.fieldAt.name ?? c.at,
    `component name on ${what}`,
  );
  // A refused value has been reported already; the page is left out rather than half read.
  if (slug === undefined || name === undefined) return undefined;
  if (description === undefined || url === undefined || timeZone === undefined) return undefined;
  if (!isPrivate || !isDefault) return undefined;
  return {
    at: fields.at,
    fieldAt: {
      slug: fields.positionOf('slug'),
      name: fields.positionOf('name'),
      description: fields.positionOf('description'),
      url: fields.positionOf('url'),
      time_zone: fields.positionOf('time_zone'),
      is_private: fields.positionOf('private'),
      is_default: fields.positionOf('default'),
    },
    slug,
    name,
    description,
    url,
    time_zone: timeZone,
    is_private: isPrivate.value ?? PAGE_DEFAULTS.is_private,
    is_default: isDefault.value ?? false,
    groups: groups.map((g) => g.spec),
    components,
  };
}

function readGroup(
  reader: YamlReader,
  node: Node | null,
  pageWhat: string,
): { spec: GroupSpec; components: ComponentSpec[] } | undefined {
  const fields = reader.fields(node, `a group of ${pageWhat}`, GROUP_KEYS);
  if (!fields) return undefined;
  const name = requiredName(fields);
  const what = name ? `group "${name}"` : `a group of ${pageWhat}`;
  fields.rename(what);
  const description = optionalDescription(fields);
  const components = readComponents(
    reader,
    reader.list(fields.node('components'), `"components" of ${what}`),
    name ?? null,
    what,
  );
  if (name === undefined || description === undefined) return undefined;
  return {
    spec: {
      at: fields.at,
      fieldAt: { name: fields.positionOf('name'), description: fields.positionOf('description') },
      name,
      description,
    },
    components,
  };
}

function readComponents(
  reader: YamlReader,
  nodes: Array<Node | null>,
  group: string | null,
  parentWhat: string,
): ComponentSpec[] {
  return nodes.flatMap((node) => {
    const fields = reader.fields(node, `a component of ${parentWhat}`, COMPONENT_KEYS);
    if (!fields) return [];
    const name = requiredName(fields);
    const what = name ? `component "${name}"` : `a component of ${parentWhat}`;
    fields.rename(what);
    const description = optionalDescription(fields);
    const showcase = fields.boolean('showcase');
    const onlyIfDegraded = fields.boolean('only_show_if_degraded');
    const startDate = fields.check('start_date', fields.string('start_date'), (v) =>
      optionalDay('start_date', v),
    );
    const autoIncident = fields.boolean('auto_incident');
    const monitors = readMonitorNames(reader, fields, what);
    if (name === undefined || description === undefined || startDate === undefined) return [];
    if (!showcase || !onlyIfDegraded || !autoIncident) return [];
    const component: ComponentSpec = {
      at: fields.at,
      fieldAt: {
        name: fields.positionOf('name'),
        description: fields.positionOf('description'),
        showcase: fields.positionOf('showcase'),
        only_show_if_degraded: fields.positionOf('only_show_if_degraded'),
        start_date: fields.positionOf('start_date'),
        group_id: fields.at,
        monitors: fields.positionOf('monitors'),
        auto_incident: fields.positionOf('auto_incident'),
      },
      name,
      group,
      description,
      showcase: showcase.value ?? COMPONENT_DEFAULTS.showcase,
      only_show_if_degraded: onlyIfDegraded.value ?? COMPONENT_DEFAULTS.only_show_if_degraded,
      start_date: startDate,
      monitors: monitors.map((m) => m.value),
      monitorsAt: monitors.map((m) => m.at),
      auto_incident: autoIncident.value ?? COMPONENT_DEFAULTS.auto_incident,
    };
    return [component];
  });
}

function requiredName(fields: Fields): string | undefined {
  return fields.check('name', fields.string('name', { required: true }), (v) =>
    requireText('name', v, { max: NAME_MAX }),
  );
}

function optionalDescription(fields: Fields): string | undefined {
  return fields.check('description', fields.string('description'), (v) =>
    optionalText('description', v, DESCRIPTION_MAX),
  );
}
