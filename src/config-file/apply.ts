// Applies a configuration file in one transaction through the same services as the API and admin
// UI: either every change is written or none is, and a refused change points at its line in the file.
import type { Kysely } from 'kysely';
import { VigilError } from '../domain/errors.js';
import { monitorSpecToInput } from '../domain/monitoring/monitor-spec.js';
import { monitorSettingsToInput } from '../domain/monitoring/settings.js';
import { ChannelService } from '../services/channel-service.js';
import { MonitorService, type MonitorInput } from '../services/monitor-service.js';
import { RouteService } from '../services/route-service.js';
import { SecretBox } from '../services/secret-box.js';
import { StatusPageService } from '../services/status-page-service.js';
import type { Database } from '../store/schema.js';
import { ConfigFileError, problemAt } from './config-file-error.js';
import { planChanges, type CurrentState, type PlanOptions, type PlanStep } from './plan.js';
import { readConfig } from './read-config.js';
import type { ConfigSpec, MonitorSpec } from './spec.js';

export interface ApplyOptions extends PlanOptions {
  /** Name of the file in messages. */
  file: string;
  /** Compute and return the plan without writing. */
  dryRun: boolean;
  /** Channels with the server's secret key; without one, channel secrets are refused. */
  channels?: ChannelService;
}

/** The channel service when the caller has none: it can store channels, but no secret. */
function keylessChannels(db: Kysely<Database>): ChannelService {
  return new ChannelService(db, SecretBox.without('no key for channel secrets is available here'));
}

export interface ApplyResult {
  spec: ConfigSpec;
  steps: PlanStep[];
  /** False for a dry run and when there was nothing to do. */
  written: boolean;
  /** The push paths of the heartbeat monitors this run created: shown once, stored hashed. */
  heartbeats: Array<{ monitor: string; path: string }>;
}

export async function applyConfigText(
  db: Kysely<Database>,
  text: string,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const spec = readConfig(text, options.file);
  return db.transaction().execute(async (trx) => {
    const channels = (options.channels ?? keylessChannels(db)).within(trx);
    const state = await loadState(trx, channels);
    const steps = planChanges(spec, state, options);
    if (options.dryRun || steps.length === 0) {
      return { spec, steps, written: false, heartbeats: [] };
    }
    const services: Writers = {
      pages: new StatusPageService(trx),
      monitors: new MonitorService(trx),
      channels,
      routes: new RouteService(trx),
    };
    const heartbeats = await runSteps(services, steps, state, options.file);
    return { spec, steps, written: true, heartbeats };
  });
}

/** Every page with its groups and components in display order, every monitor and channel. */
export async function loadState(
  db: Kysely<Database>,
  channelService: ChannelService = keylessChannels(db),
): Promise<CurrentState> {
  const pages = new StatusPageService(db);
  const monitors = new MonitorService(db);
  const channels = channelService.within(db);
  const rows = await pages.listPages();
  return {
    channels: await channels.listWithSecrets(),
    notify: await new RouteService(db).monitorChannelNames(),
    reminders: await new RouteService(db).monitorReminders(),
    pages: await Promise.all(
      rows.map(async (row) => ({
        row,
        groups: await pages.listGroups(row.id),
        components: await pages.listComponents(row.id),
      })),
    ),
    monitors: (await monitors.list()).map((d) => ({
      row: d.monitor,
      componentIds: d.componentIds,
    })),
    autoIncident: new Set(await monitors.autoIncidentComponentIds()),
  };
}

interface Writers {
  pages: StatusPageService;
  monitors: MonitorService;
  channels: ChannelService;
  routes: RouteService;
}

/** Runs the steps in order; a refused step throws with the file position of what it declares. */
async function runSteps(
  services: Writers,
  steps: PlanStep[],
  state: CurrentState,
  file: string,
): Promise<ApplyResult['heartbeats']> {
  // Ids of what exists, completed as steps create pages and groups that later steps refer to.
  const pageIds = new Map(state.pages.map((p) => [p.row.slug, p.row.id]));
  const groupIds = new Map(
    state.pages.flatMap((p) => p.groups.map((g) => [`${p.row.slug}\n${g.name}`, g.id] as const)),
  );
  const groupId = (slug: string, name: string | null): string | null =>
    name === null ? null : groupIds.get(`${slug}\n${name}`)!;
  const ids: Ids = { pageIds, groupIds, groupId, links: new Map(), heartbeats: [] };
  for (const step of steps) {
    try {
      await runStep(services, step, ids);
    } catch (error) {
      throw locate(error, step, file);
    }
  }
  await linkMonitors(services.monitors, ids.links);
  return ids.heartbeats;
}

interface Ids {
  pageIds: Map<string, string>;
  groupIds: Map<string, string>;
  groupId(slug: string, name: string | null): string | null;
  /** Component id → names of every monitor that should drive it, for components whose set changes. */
  links: Map<string, string[]>;
  heartbeats: ApplyResult['heartbeats'];
}

async function runStep(services: Writers, step: PlanStep, ids: Ids): Promise<void> {
  const { pages, monitors, channels } = services;
  if (step.op === 'delete') {
    if (step.kind === 'page') await pages.deletePage(step.id);
    else if (step.kind === 'group') await pages.deleteGroup(step.id);
    else if (step.kind === 'monitor') await monitors.delete(step.id);
    else if (step.kind === 'channel') await channels.delete(step.id);
    else await pages.deleteComponent(step.id);
    return;
  }
  switch (step.kind) {
    case 'channel': {
      const { name, type, config, enabled } = step.channel;
      if (step.op === 'create') await channels.create({ name, type, config, enabled });
      else await channels.update(step.id, { type, config, enabled }, { replaceConfig: true });
      return;
    }
    case 'notify': {
      const monitor = (await monitors.list()).find((m) => m.monitor.name === step.label)!;
      await services.routes.setMonitorChannels(monitor.monitor.id, step.channels, step.remindEvery);
      return;
    }
    case 'monitor':
      if (step.op === 'create') {
        const created = await monitors.create(monitorInput(step.monitor));
        if (created.heartbeat) {
          ids.heartbeats.push({ monitor: step.monitor.name, path: created.heartbeat.path });
        }
      } else {
        const { name: _name, ...input } = monitorInput(step.monitor);
        await monitors.update(step.id, input);
      }
      return;
    case 'page':
      if (step.op === 'create') {
        const created = await pages.createPage(step.input);
        ids.pageIds.set(created.slug, created.id);
      } else {
        await pages.updatePage(step.id, step.changes);
      }
      return;
    case 'group':
      if (step.op === 'create') {
        const created = await pages.createGroup(ids.pageIds.get(step.page)!, step.input);
        ids.groupIds.set(`${step.page}\n${created.name}`, created.id);
      } else {
        await pages.updateGroup(step.id, step.changes);
      }
      return;
    case 'component': {
      let componentId: string;
      if (step.op === 'create') {
        const created = await pages.createComponent(ids.pageIds.get(step.page)!, {
          ...step.input,
          group_id: ids.groupId(step.page, step.group),
        });
        componentId = created.id;
      } else {
        componentId = step.id;
        const moves = step.group !== undefined;
        if (Object.keys(step.changes).length > 0 || moves) {
          await pages.updateComponent(step.id, {
            ...step.changes,
            ...(moves ? { group_id: ids.groupId(step.page, step.group ?? null) } : {}),
          });
        }
      }
      if (step.links?.auto_incident !== undefined) {
        await monitors.setAutoIncident(componentId, step.links.auto_incident);
      }
      if (step.links?.monitors) ids.links.set(componentId, step.links.monitors);
      return;
    }
  }
}

/** The whole monitor as the service takes it: the file declares every field (absent: default). */
function monitorInput(monitor: MonitorSpec): MonitorInput {
  return {
    name: monitor.name,
    type: monitor.type,
    target: monitorSpecToInput(monitor.type, monitor.target),
    ...monitorSettingsToInput(monitor.settings),
    conditions: monitor.conditions,
  };
}

/**
 * Links are stored per monitor, so the new monitor lists of the changed components are turned
 * into new component lists of the monitors; links of components the file leaves out are kept.
 */
async function linkMonitors(monitors: MonitorService, links: Map<string, string[]>): Promise<void> {
  if (links.size === 0) return;
  for (const { monitor, componentIds } of await monitors.list()) {
    const next = new Set(componentIds);
    for (const [componentId, names] of links) {
      if (names.includes(monitor.name)) next.add(componentId);
      else next.delete(componentId);
    }
    const unchanged = next.size === componentIds.length && componentIds.every((id) => next.has(id));
    if (!unchanged) await monitors.update(monitor.id, { components: [...next] });
  }
}

/** A service's refusal, pointed at the line of the page, group or component it concerns. */
function locate(error: unknown, step: PlanStep, file: string): unknown {
  if (!(error instanceof VigilError)) return error;
  // Monitor targets and channel settings are flat in the file: the service's `target.url` and
  // `config.url` are the file's `url`; `notify[1]` is written under `notify`.
  const field = (error.field ?? '').replace(/^(target|config)\./, '').replace(/\[\d+\]$/, '');
  const at = step.source ? (step.source.fieldAt[field] ?? step.source.at) : undefined;
  const verb = step.op === 'create' ? 'creating' : step.op === 'update' ? 'updating' : 'deleting';
  return new ConfigFileError(file, [
    problemAt(at, `${verb} ${step.kind} ${step.label}: ${error.message}`, error.field),
  ]);
}
