// Use cases of the status page aggregate: pages, component groups and components, validated the
// same way whichever door they come in by (admin form, API, config file), and announced on commit.
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { COMPONENT_STATUSES, type ComponentStatus } from '../domain/status.js';
import {
  optionalBoolean,
  optionalDay,
  optionalInteger,
  optionalText,
  optionalUrl,
  requireOneOf,
  requireSlug,
  requireText,
  requireTimeZone,
} from '../domain/validate.js';
import { ALL_PAGES, notifyPageChanged } from '../store/change-channel.js';
import { withTransaction } from '../store/transaction.js';
import { newId } from '../store/ids.js';
import type { ComponentGroupRow, ComponentRow, Database, PageRow } from '../store/schema.js';
import {
  StatusPageRepository,
  type NewComponent,
  type NewGroup,
  type NewPage,
} from '../store/status-page-repository.js';
import { isUniqueViolation } from '../store/sql-errors.js';

export interface PageInput {
  slug?: unknown;
  name?: unknown;
  description?: unknown;
  url?: unknown;
  time_zone?: unknown;
  is_default?: unknown;
  is_private?: unknown;
}

export interface GroupInput {
  name?: unknown;
  description?: unknown;
  position?: unknown;
}

export interface ComponentInput {
  name?: unknown;
  description?: unknown;
  status?: unknown;
  group_id?: unknown;
  position?: unknown;
  showcase?: unknown;
  only_show_if_degraded?: unknown;
  /** Open an incident automatically when the component's monitors go down. */
  auto_incident?: unknown;
  start_date?: unknown;
}

const MAX_POSITION = 100_000;

export class StatusPageService {
  constructor(private readonly db: Kysely<Database>) {}

  private repo(db: Kysely<Database> = this.db): StatusPageRepository {
    return new StatusPageRepository(db);
  }

  listPages(): Promise<PageRow[]> {
    return this.repo().listPages();
  }

  async getPage(id: string): Promise<PageRow> {
    const page = await this.repo().findPage(id);
    if (!page) throw new NotFoundError('page', id);
    return page;
  }

  async createPage(input: PageInput): Promise<PageRow> {
    const page: NewPage = {
      id: newId(),
      slug: requireSlug('slug', input.slug),
      name: requireText('name', input.name, { max: 200 }),
      description: optionalText('description', input.description, 2000),
      url: optionalUrl('url', input.url),
      time_zone:
        input.time_zone === undefined ? 'Etc/UTC' : requireTimeZone('time_zone', input.time_zone),
      is_default: optionalBoolean('is_default', input.is_default, false),
      is_private: optionalBoolean('is_private', input.is_private, false),
    };
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      if (await repo.findPageBySlug(page.slug))
        throw new ConflictError('slug', `a page with slug ${page.slug} exists`);
      // The first page is the default one, so `/` shows something as soon as a page exists.
      const makeDefault = page.is_default || !(await repo.findDefaultPage());
      const created = await repo.insertPage({ ...page, is_default: false });
      if (makeDefault) await repo.setDefaultPage(created.id);
      // Moving the default changes the old default page's URLs too: every snapshot is rebuilt.
      await notifyPageChanged(trx, makeDefault ? ALL_PAGES : created.id);
      return (await repo.findPage(created.id))!;
    });
  }

  async updatePage(id: string, input: PageInput): Promise<PageRow> {
    const changes: Partial<NewPage> = {};
    if (input.slug !== undefined) changes.slug = requireSlug('slug', input.slug);
    if (input.name !== undefined) changes.name = requireText('name', input.name, { max: 200 });
    if (input.description !== undefined)
      changes.description = optionalText('description', input.description, 2000);
    if (input.url !== undefined) changes.url = optionalUrl('url', input.url);
    if (input.time_zone !== undefined)
      changes.time_zone = requireTimeZone('time_zone', input.time_zone);
    if (input.is_private !== undefined)
      changes.is_private = optionalBoolean('is_private', input.is_private, false);
    const makeDefault = optionalBoolean('is_default', input.is_default, false);
    if (input.is_default === false) {
      throw new ValidationError(
        'is_default',
        'make another page the default instead of unsetting this one',
      );
    }
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const existing = await repo.findPage(id);
      if (!existing) throw new NotFoundError('page', id);
      if (
        changes.slug &&
        changes.slug !== existing.slug &&
        (await repo.findPageBySlug(changes.slug))
      ) {
        throw new ConflictError('slug', `a page with slug ${changes.slug} exists`);
      }
      await repo.updatePage(id, changes);
      if (makeDefault) await repo.setDefaultPage(id);
      await notifyPageChanged(trx, makeDefault ? ALL_PAGES : id);
      return (await repo.findPage(id))!;
    });
  }

  async deletePage(id: string): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const page = await repo.findPage(id);
      if (!page) throw new NotFoundError('page', id);
      await repo.deletePage(id);
      if (page.is_default) {
        const next = (await repo.listPages())[0];
        if (next) await repo.setDefaultPage(next.id);
      }
      await notifyPageChanged(trx, page.is_default ? ALL_PAGES : id);
    });
  }

  async listGroups(pageId: string): Promise<ComponentGroupRow[]> {
    await this.getPage(pageId);
    return this.repo().listGroups(pageId);
  }

  async getGroup(id: string): Promise<ComponentGroupRow> {
    const group = await this.repo().findGroup(id);
    if (!group) throw new NotFoundError('component group', id);
    return group;
  }

  async createGroup(pageId: string, input: GroupInput): Promise<ComponentGroupRow> {
    const name = requireText('name', input.name, { max: 200 });
    const description = optionalText('description', input.description, 2000);
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      if (!(await repo.findPage(pageId))) throw new NotFoundError('page', pageId);
      const position = optionalInteger(
        'position',
        input.position,
        await repo.nextPosition('component_groups', pageId),
        [0, MAX_POSITION],
      );
      const group: NewGroup = { id: newId(), page_id: pageId, name, description, position };
      const created = await uniqueName(
        () => repo.insertGroup(group),
        `a group named ${name} exists on this page`,
      );
      await repo.touchPage(pageId);
      await notifyPageChanged(trx, pageId);
      return created;
    });
  }

  async updateGroup(id: string, input: GroupInput): Promise<ComponentGroupRow> {
    const changes: Partial<NewGroup> = {};
    if (input.name !== undefined) changes.name = requireText('name', input.name, { max: 200 });
    if (input.description !== undefined)
      changes.description = optionalText('description', input.description, 2000);
    if (input.position !== undefined)
      changes.position = optionalInteger('position', input.position, 0, [0, MAX_POSITION]);
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const updated = await uniqueName(
        () => repo.updateGroup(id, changes),
        `a group named ${changes.name} exists on this page`,
      );
      if (!updated) throw new NotFoundError('component group', id);
      await repo.touchPage(updated.page_id);
      await notifyPageChanged(trx, updated.page_id);
      return updated;
    });
  }

  /** Deletes a group; its components stay on the page, ungrouped. */
  async deleteGroup(id: string): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const group = await repo.findGroup(id);
      if (!group) throw new NotFoundError('component group', id);
      await repo.deleteGroup(id);
      await repo.touchPage(group.page_id);
      await notifyPageChanged(trx, group.page_id);
    });
  }

  async listComponents(pageId: string): Promise<ComponentRow[]> {
    await this.getPage(pageId);
    return this.repo().listComponents(pageId);
  }

  async getComponent(id: string): Promise<ComponentRow> {
    const component = await this.repo().findComponent(id);
    if (!component) throw new NotFoundError('component', id);
    return component;
  }

  async createComponent(pageId: string, input: ComponentInput): Promise<ComponentRow> {
    const name = requireText('name', input.name, { max: 200 });
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      if (!(await repo.findPage(pageId))) throw new NotFoundError('page', pageId);
      const groupId = await this.resolveGroup(repo, pageId, input.group_id);
      const component: NewComponent = {
        id: newId(),
        page_id: pageId,
        group_id: groupId,
        name,
        description: optionalText('description', input.description, 2000),
        status:
          input.status === undefined
            ? 'operational'
            : requireOneOf('status', input.status, COMPONENT_STATUSES),
        position: optionalInteger(
          'position',
          input.position,
          await repo.nextPosition('components', pageId),
          [0, MAX_POSITION],
        ),
        showcase: optionalBoolean('showcase', input.showcase, true),
        only_show_if_degraded: optionalBoolean(
          'only_show_if_degraded',
          input.only_show_if_degraded,
          false,
        ),
        auto_incident: optionalBoolean('auto_incident', input.auto_incident, false),
        start_date: optionalDay('start_date', input.start_date),
      };
      const created = await uniqueName(
        () => repo.insertComponent(component),
        `a component named ${name} exists on this page`,
      );
      await repo.touchPage(pageId);
      await notifyPageChanged(trx, pageId);
      return created;
    });
  }

  async updateComponent(id: string, input: ComponentInput): Promise<ComponentRow> {
    const changes: Partial<NewComponent> = {};
    if (input.name !== undefined) changes.name = requireText('name', input.name, { max: 200 });
    if (input.description !== undefined)
      changes.description = optionalText('description', input.description, 2000);
    if (input.status !== undefined)
      changes.status = requireOneOf('status', input.status, COMPONENT_STATUSES);
    if (input.position !== undefined)
      changes.position = optionalInteger('position', input.position, 0, [0, MAX_POSITION]);
    if (input.showcase !== undefined)
      changes.showcase = optionalBoolean('showcase', input.showcase, true);
    if (input.only_show_if_degraded !== undefined) {
      changes.only_show_if_degraded = optionalBoolean(
        'only_show_if_degraded',
        input.only_show_if_degraded,
        false,
      );
    }
    if (input.auto_incident !== undefined)
      changes.auto_incident = optionalBoolean('auto_incident', input.auto_incident, false);
    if (input.start_date !== undefined)
      changes.start_date = optionalDay('start_date', input.start_date);
    return withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const existing = await repo.findComponent(id);
      if (!existing) throw new NotFoundError('component', id);
      if (input.group_id !== undefined)
        changes.group_id = await this.resolveGroup(repo, existing.page_id, input.group_id);
      const updated = await uniqueName(
        () => repo.updateComponent(id, changes),
        `a component named ${changes.name} exists on this page`,
      );
      await repo.touchPage(existing.page_id);
      await notifyPageChanged(trx, existing.page_id);
      return updated!;
    });
  }

  /** Sets a component's status by hand (admin "set status", or an incident update). */
  setComponentStatus(id: string, status: ComponentStatus): Promise<ComponentRow> {
    return this.updateComponent(id, { status });
  }

  async deleteComponent(id: string): Promise<void> {
    await withTransaction(this.db, async (trx) => {
      const repo = this.repo(trx);
      const component = await repo.findComponent(id);
      if (!component) throw new NotFoundError('component', id);
      await repo.deleteComponent(id);
      await repo.touchPage(component.page_id);
      await notifyPageChanged(trx, component.page_id);
    });
  }

  private async resolveGroup(
    repo: StatusPageRepository,
    pageId: string,
    value: unknown,
  ): Promise<string | null> {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string')
      throw new ValidationError('group_id', 'group_id must be a group id or null');
    const group = await repo.findGroup(value);
    if (!group || group.page_id !== pageId)
      throw new ValidationError('group_id', `group ${value} does not exist on this page`);
    return group.id;
  }
}

async function uniqueName<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('name', message);
    throw error;
  }
}
