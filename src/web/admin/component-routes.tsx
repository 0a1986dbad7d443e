// Component groups and components of a status page: create, edit, delete, and the quick
// "set status" form shown beside each component.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COMPONENT_STATUS_LABELS, isComponentStatus } from '../../domain/status.js';
import { ValidationError } from '../../domain/errors.js';
import type { ComponentInput, GroupInput } from '../../services/status-page-service.js';
import type { ComponentGroupRow, ComponentRow, PageRow } from '../../store/schema.js';
import type { WebDependencies } from '../app.js';
import { deletionRoutes } from './deletion-routes.js';
import { setFlash } from './flash.js';
import { checked, formValues, integer, text, type FormValues } from './form-values.js';
import { notificationBox } from './notification-box.js';
import { adminPaths } from './paths.js';
import { adminView, saveForm, sendHtml, seeOther } from './respond.js';
import {
  ComponentFormPage,
  GroupFormPage,
  componentFormValues,
  groupFormValues,
} from './views/component-forms.js';
import { blankForm, type FormState } from './views/form-controls.js';

type IdParams = { Params: { id: string } };

function groupInput(values: FormValues): GroupInput {
  const position = integer(values, 'position');
  return {
    name: text(values, 'name') ?? '',
    description: text(values, 'description') ?? '',
    ...(position === undefined ? {} : { position }),
  };
}

function componentInput(values: FormValues): ComponentInput {
  const position = integer(values, 'position');
  return {
    name: text(values, 'name') ?? '',
    description: text(values, 'description') ?? '',
    status: text(values, 'status') ?? 'operational',
    group_id: text(values, 'group_id') || null,
    showcase: checked(values, 'showcase'),
    only_show_if_degraded: checked(values, 'only_show_if_degraded'),
    auto_incident: checked(values, 'auto_incident'),
    start_date: text(values, 'start_date')?.trim() || null,
    ...(position === undefined ? {} : { position }),
  };
}

export function componentRoutes(app: FastifyInstance, deps: WebDependencies): void {
  const { pages } = deps.services;
  const secure = deps.config.secureCookies;

  async function showGroupForm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PageRow,
    form: FormState,
    status = 200,
    group?: ComponentGroupRow,
  ) {
    const view = await adminView(request, reply, deps);
    return sendHtml(
      reply,
      <GroupFormPage view={view} form={form} page={page} group={group} />,
      status,
    );
  }

  async function showComponentForm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PageRow,
    form: FormState,
    status = 200,
    component?: ComponentRow,
  ) {
    const [view, groups, notifications] = await Promise.all([
      adminView(request, reply, deps),
      pages.listGroups(page.id),
      component ? notificationBox(deps, { componentId: component.id }) : undefined,
    ]);
    return sendHtml(
      reply,
      <ComponentFormPage
        view={view}
        form={form}
        page={page}
        groups={groups}
        component={component}
        notifications={notifications}
      />,
      status,
    );
  }

  app.get<IdParams>('/pages/:id/groups/new', async (request, reply) => {
    const page = await pages.getPage(request.params.id);
    return showGroupForm(request, reply, page, blankForm());
  });

  app.post<IdParams>('/pages/:id/groups', async (request, reply) => {
    const page = await pages.getPage(request.params.id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const group = await pages.createGroup(page.id, groupInput(values));
        return { message: `Group “${group.name}” created.`, next: adminPaths.page(page.id) };
      },
      showAgain: (form, status) => showGroupForm(request, reply, page, form, status),
    });
  });

  app.get<IdParams>('/groups/:id', async (request, reply) => {
    const group = await pages.getGroup(request.params.id);
    const page = await pages.getPage(group.page_id);
    return showGroupForm(request, reply, page, blankForm(groupFormValues(group)), 200, group);
  });

  app.post<IdParams>('/groups/:id', async (request, reply) => {
    const group = await pages.getGroup(request.params.id);
    const page = await pages.getPage(group.page_id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        // An emptied position is left out of the input, so the group keeps its place.
        const updated = await pages.updateGroup(group.id, groupInput(values));
        return { message: `Group “${updated.name}” saved.`, next: adminPaths.page(page.id) };
      },
      showAgain: (form, status) => showGroupForm(request, reply, page, form, status, group),
    });
  });

  deletionRoutes(app, deps, {
    route: '/groups/:id/delete',
    section: 'pages',
    find: (id) => pages.getGroup(id),
    confirm: (group) => ({
      title: `Delete group ${group.name}?`,
      message: 'The group is deleted; its components stay on the page, without a group.',
      action: adminPaths.deleteGroup(group.id),
      button: 'Delete group',
      cancel: adminPaths.group(group.id),
    }),
    remove: (group) => pages.deleteGroup(group.id),
    deleted: (group) => ({
      message: `Group “${group.name}” deleted.`,
      next: adminPaths.page(group.page_id),
    }),
  });

  app.get<IdParams>('/pages/:id/components/new', async (request, reply) => {
    const page = await pages.getPage(request.params.id);
    const form = blankForm({ status: 'operational', showcase: 'true' });
    return showComponentForm(request, reply, page, form);
  });

  app.post<IdParams>('/pages/:id/components', async (request, reply) => {
    const page = await pages.getPage(request.params.id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const component = await pages.createComponent(page.id, componentInput(values));
        return {
          message: `Component “${component.name}” created.`,
          next: adminPaths.page(page.id),
        };
      },
      showAgain: (form, status) => showComponentForm(request, reply, page, form, status),
    });
  });

  app.get<IdParams>('/components/:id', async (request, reply) => {
    const component = await pages.getComponent(request.params.id);
    const page = await pages.getPage(component.page_id);
    const form = blankForm(componentFormValues(component));
    return showComponentForm(request, reply, page, form, 200, component);
  });

  app.post<IdParams>('/components/:id', async (request, reply) => {
    const component = await pages.getComponent(request.params.id);
    const page = await pages.getPage(component.page_id);
    return saveForm(request, reply, deps, {
      save: async (values) => {
        const updated = await pages.updateComponent(component.id, componentInput(values));
        return { message: `Component “${updated.name}” saved.`, next: adminPaths.page(page.id) };
      },
      showAgain: (form, status) => showComponentForm(request, reply, page, form, status, component),
    });
  });

  app.post<IdParams>('/components/:id/status', async (request, reply) => {
    const component = await pages.getComponent(request.params.id);
    const status = text(formValues(request.body), 'status');
    if (!isComponentStatus(status)) {
      throw new ValidationError(
        'status',
        `status must be one of ${Object.keys(COMPONENT_STATUS_LABELS).join(', ')}`,
      );
    }
    await pages.setComponentStatus(component.id, status);
    setFlash(
      reply,
      secure,
      `${component.name} is now ${COMPONENT_STATUS_LABELS[status].toLowerCase()}.`,
    );
    return seeOther(reply, adminPaths.page(component.page_id));
  });

  deletionRoutes(app, deps, {
    route: '/components/:id/delete',
    section: 'pages',
    find: (id) => pages.getComponent(id),
    confirm: (component) => ({
      title: `Delete ${component.name}?`,
      message: 'The component is removed from the page and from the incidents that mention it.',
      action: adminPaths.deleteComponent(component.id),
      button: 'Delete component',
      cancel: adminPaths.component(component.id),
    }),
    remove: (component) => pages.deleteComponent(component.id),
    deleted: (component) => ({
      message: `Component “${component.name}” deleted.`,
      next: adminPaths.page(component.page_id),
    }),
  });
}
