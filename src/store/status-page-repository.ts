// SQL for the status page aggregate: pages, their component groups and components.
import type { Kysely } from 'kysely';
import type { ComponentGroupRow, ComponentRow, Database, PageRow } from './schema.js';

/** The aggregate's tables, each keyed by `id`. */
type PartTable = 'pages' | 'component_groups' | 'components';

export type NewPage = Omit<PageRow, 'created_at' | 'updated_at'>;
export type NewGroup = Omit<ComponentGroupRow, 'created_at' | 'updated_at'>;
export type NewComponent = Omit<ComponentRow, 'created_at' | 'updated_at'>;

export class StatusPageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listPages(): Promise<PageRow[]> {
    return this.db.selectFrom('pages').selectAll().orderBy('created_at').orderBy('id').execute();
  }
  findPage(id: string): Promise<PageRow | undefined> {
    return this.db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
  }
  findPageBySlug(slug: string): Promise<PageRow | undefined> {
    return this.db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  }
  findDefaultPage(): Promise<PageRow | undefined> {
    return this.db
      .selectFrom('pages')
      .selectAll()
      .where('is_default', '=', true)
      .executeTakeFirst();
  }
  async insertPage(page: NewPage): Promise<PageRow> {
    return this.db.insertInto('pages').values(page).returningAll().executeTakeFirstOrThrow();
  }
  async updatePage(id: string, changes: Partial<NewPage>): Promise<PageRow | undefined> {
    return this.db
      .updateTable('pages')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
  /** Makes `id` the only default page. */
  async setDefaultPage(id: string): Promise<void> {
    await this.db
      .updateTable('pages')
      .set({ is_default: false })
      .where('is_default', '=', true)
      .where('id', '!=', id)
      .execute();
    await this.db
      .updateTable('pages')
      .set({ is_default: true, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }
  deletePage(id: string): Promise<boolean> {
    return this.deleteRow('pages', id);
  }
  async touchPage(id: string): Promise<void> {
    await this.db
      .updateTable('pages')
      .set({ updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  listGroups(pageId: string): Promise<ComponentGroupRow[]> {
    return this.db
      .selectFrom('component_groups')
      .selectAll()
      .where('page_id', '=', pageId)
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
  findGroup(id: string): Promise<ComponentGroupRow | undefined> {
    return this.db
      .selectFrom('component_groups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }
  insertGroup(group: NewGroup): Promise<ComponentGroupRow> {
    return this.db
      .insertInto('component_groups')
      .values(group)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  updateGroup(id: string, changes: Partial<NewGroup>): Promise<ComponentGroupRow | undefined> {
    return this.db
      .updateTable('component_groups')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
  deleteGroup(id: string): Promise<boolean> {
    return this.deleteRow('component_groups', id);
  }

  listComponents(pageId: string): Promise<ComponentRow[]> {
    return this.db
      .selectFrom('components')
      .selectAll()
      .where('page_id', '=', pageId)
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }
  findComponent(id: string): Promise<ComponentRow | undefined> {
    return this.db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirst();
  }
  findComponents(ids: readonly string[]): Promise<ComponentRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('components').selectAll().where('id', 'in', ids).execute();
  }
  insertComponent(component: NewComponent): Promise<ComponentRow> {
    return this.db
      .insertInto('components')
      .values(component)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  updateComponent(id: string, changes: Partial<NewComponent>): Promise<ComponentRow | undefined> {
    return this.db
      .updateTable('components')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }
  deleteComponent(id: string): Promise<boolean> {
    return this.deleteRow('components', id);
  }
  async nextPosition(table: 'components' | 'component_groups', pageId: string): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('max'))
      .where('page_id', '=', pageId)
      .executeTakeFirst();
    return Number(row?.max ?? -1) + 1;
  }

  /** Whether a row of one of the aggregate's tables was there to delete. */
  private async deleteRow(table: PartTable, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
