import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseBackends, type TestDatabase } from '../../test/support/databases.js';
import { CHANGE_CHANNEL } from '../store/change-channel.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { createServices, type Services } from './index.js';

const rejectsWith = (
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  field?: string,
) =>
  assert.rejects(
    promise,
    (error: unknown) =>
      error instanceof type &&
      (field === undefined || (error as { field?: string }).field === field),
  );

for (const backend of await databaseBackends()) {
  describe(`status page service on ${backend.name}`, { skip: backend.skip }, () => {
    let database: TestDatabase;
    let services: Services;

    before(async () => {
      database = await backend.create();
      services = createServices(database.db, { sessionTtlMs: 60_000 });
    });
    after(() => database.drop());

    it('makes the first page the default and moves the default on request', async () => {
      const first = await services.pages.createPage({ slug: 'first', name: 'First' });
      const second = await services.pages.createPage({ slug: 'second', name: 'Second' });
      assert.equal(first.is_default, true);
      assert.equal(second.is_default, false);
      await services.pages.updatePage(second.id, { is_default: true });
      assert.equal((await services.pages.getPage(first.id)).is_default, false);
      assert.equal((await services.pages.getPage(second.id)).is_default, true);
    });

    it('rejects bad fields by name and duplicate slugs as conflicts', async () => {
      await rejectsWith(
        services.pages.createPage({ slug: 'Bad Slug', name: 'x' }),
        ValidationError,
        'slug',
      );
      await rejectsWith(
        services.pages.createPage({ slug: 'ok', name: '' }),
        ValidationError,
        'name',
      );
      await rejectsWith(
        services.pages.createPage({ slug: 'ok', name: 'x', time_zone: 'Mars/Base' }),
        ValidationError,
        'time_zone',
      );
      await rejectsWith(
        services.pages.createPage({ slug: 'ok', name: 'x', url: 'javascript:alert(1)' }),
        ValidationError,
        'url',
      );
      await rejectsWith(
        services.pages.createPage({ slug: 'first', name: 'Again' }),
        ConflictError,
        'slug',
      );
      assert.equal((await services.pages.listPages()).length, 2);
    });

    it('keeps components when their group is deleted, ungrouped', async () => {
      const page = await services.pages.createPage({ slug: 'groups', name: 'Groups' });
      const group = await services.pages.createGroup(page.id, { name: 'Core' });
      const component = await services.pages.createComponent(page.id, {
        name: 'API',
        group_id: group.id,
      });
      assert.equal(component.group_id, group.id);
      await services.pages.deleteGroup(group.id);
      assert.equal((await services.pages.getComponent(component.id)).group_id, null);
      await rejectsWith(services.pages.getGroup(group.id), NotFoundError);
    });

    it('refuses a second component with the same name on a page, and a group of another page', async () => {
      const page = await services.pages.createPage({ slug: 'names', name: 'Names' });
      const other = await services.pages.createPage({ slug: 'names-other', name: 'Other' });
      const foreignGroup = await services.pages.createGroup(other.id, { name: 'Theirs' });
      await services.pages.createComponent(page.id, { name: 'Website' });
      await rejectsWith(
        services.pages.createComponent(page.id, { name: 'Website' }),
        ConflictError,
        'name',
      );
      await rejectsWith(
        services.pages.createComponent(page.id, { name: 'X', group_id: foreignGroup.id }),
        ValidationError,
        'group_id',
      );
      await rejectsWith(
        services.pages.createComponent(page.id, { name: 'Y', status: 'on_fire' }),
        ValidationError,
        'status',
      );
      assert.equal((await services.pages.listComponents(page.id)).length, 1);
    });

    it('announces each committed change on the change channel', async () => {
      const page = await services.pages.createPage({ slug: 'notify', name: 'Notify' });
      const received: string[] = [];
      const unlisten = await database.listen(CHANGE_CHANNEL, (payload) => received.push(payload));
      try {
        await services.pages.createComponent(page.id, { name: 'Queue' });
        const deadline = Date.now() + 5000;
        while (!received.includes(page.id) && Date.now() < deadline)
          await new Promise((r) => setImmediate(r));
        assert.ok(
          received.includes(page.id),
          `expected a notice for ${page.id}, got ${JSON.stringify(received)}`,
        );
      } finally {
        await unlisten();
      }
    });
  });
}
