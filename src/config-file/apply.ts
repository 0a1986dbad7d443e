// Applies a configuration file in one transaction through the same services as the API and admin
// UI: either every change is written or none is, and a refused change points at its line in the file.
import type { Kysely } from 'kysely';
import { VigilError } from '../domain/errors.js';
import { StatusPageService } from '../services/status-page-service.js';
import type { Database } from '../store/schema.js';
import { ConfigFileError, problemAt } from './config-file-error.js';
import { planChanges, type CurrentState, type PlanOptions, type PlanStep } from './plan.js';
import { readConfig } from './read-config.js';
import type { ConfigSpec } from './spec.js';

export interface ApplyOptions extends PlanOptions {
  /** Name of the file in messages. */
  file: string;
  /** Compute and return the plan without writing. */
  dryRun: boolean;
}

export interface ApplyResult {
  spec: ConfigSpec;
  steps: PlanStep[];
  /** False for a dry run and when there was nothing to do. */
  written: boolean;
}

export async function applyConfigText(
  db: Kysely<Database>,
  text: string,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const spec = readConfig(text, options.file);
  return db.transaction().execute(async (trx) => {
    const pages = new StatusPageService(trx);
    const state = await loadState(pages);
    const steps = planChanges(spec, state, options);
    if (options.dryRun || steps.length === 0) return { spec, steps, written: false };
    await runSteps(pages, steps, state, options.file);
    return { spec, steps, written: true };
  });
}

/** Every page with its groups and components, in display order. */
export async function loadState(pages: StatusPageService): Promise<CurrentState> {
  const rows = await pages.listPages();
  return {
    pages: await Promise.all(
      rows.map(async (row) => ({
        row,
        groups: await pages.listGroups(row.id),
        components: await pages.listComponents(row.id),
      })),
    ),
  };
}

/** Runs the steps in order; a refused step throws with the file position of what it declares. */
async function runSteps(
  pages: StatusPageService,
  steps: PlanStep[],
  state: CurrentState,
  file: string,
): Promise<void> {
  // Ids of what exists, completed as steps create pages and groups that later steps refer to.
  const pageIds = new Map(state.pages.map((p) => [p.row.slug, p.row.id]));
  const groupIds = new Map(
    state.pages.flatMap((p) => p.groups.map((g) => [`${p.row.slug}\n${g.name}`, g.id] as const)),
  );
  const groupId = (slug: string, name: string | null): string | null =>
    name === null ? null : groupIds.get(`${slug}\n${name}`)!;
  for (const step of steps) {
    try {
      await runStep(pages, step, { pageIds, groupIds, groupId });
    } catch (error) {
      throw locate(error, step, file);
    }
  }
}

interface Ids {
  pageIds: Map<string, string>;
  groupIds: Map<string, string>;
  groupId(slug: string, name: string | null): string | null;
}

async function runStep(pages: StatusPageService, step: PlanStep, ids: Ids): Promise<void> {
  if (step.op === 'delete') {
    if (step.kind === 'page') await pages.deletePage(step.id);
    else if (step.kind === 'group') await pages.deleteGroup(step.id);
    else await pages.deleteComponent(step.id);
    return;
  }
  switch (step.kind) {
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
    case 'component':
      if (step.op === 'create') {
        await pages.createComponent(ids.pageIds.get(step.page)!, {
          ...step.input,
          group_id: ids.groupId(step.page, step.group),
        });
      } else {
        await pages.updateComponent(step.id, {
          ...step.changes,
          ...(step.group !== undefined ? { group_id: ids.groupId(step.page, step.group) } : {}),
        });
      }
      return;
  }
}

/** A service's refusal, pointed at the line of the page, group or component it concerns. */
function locate(error: unknown, step: PlanStep, file: string): unknown {
  if (!(error instanceof VigilError)) return error;
  const at = step.source ? (step.source.fieldAt[error.field ?? ''] ?? step.source.at) : undefined;
  const verb = step.op === 'create' ? 'creating' : step.op === 'update' ? 'updating' : 'deleting';
  return new ConfigFileError(file, [
    problemAt(at, `${verb} ${step.kind} ${step.label}: ${error.message}`, error.field),
  ]);
}
