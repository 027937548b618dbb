/** The managers' task browser: a project's tasks filtered and paged on the server, bulk actions, and one task's page. */
import { IdParams } from '../../domain/api/common.js';
import { TaskBrowsePage, TaskBrowseQuery } from '../../domain/api/taskBrowser.js';
import { TaskActionBody, TaskActionResult, TaskCount, TaskFilter } from '../../domain/api/taskActions.js';
import { TaskDetail } from '../../domain/api/taskDetail.js';
import { applyTaskAction } from '../../services/tasks/taskActions.js';
import { heavyRead } from '../../services/index.js';
import { taskDetail } from '../../services/tasks/taskDetail.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function taskBrowserRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/task-list', {
    config: { access: 'manager' },
    schema: {
      summary: "A page of a project's tasks by state, domain, gold and import id (keyset paging)",
      tags: ['tasks'],
      params: IdParams,
      querystring: TaskBrowseQuery,
      response: withErrors({ 200: TaskBrowsePage }),
    },
    // Off the event loop when serving (services/offload/): a filter may walk the project's tasks.
    handler: async (request) => heavyRead(ctx, 'taskList', request.params.id, request.query),
  });

  // Signed in, not 'manager': below manager the service answers 404, so an id is never confirmed.
  app.get('/api/tasks/:id', {
    config: { access: 'signedIn' },
    schema: {
      summary: "A task's page for managers: payload, judgments with tutors, consensus, reviews and audit trail",
      tags: ['tasks'],
      params: IdParams,
      response: withErrors({ 200: TaskDetail }),
    },
    handler: async (request) => taskDetail(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.get('/api/projects/:id/task-count', {
    config: { access: 'manager' },
    schema: {
      summary: "How many of a project's tasks a task-list filter matches (what a filter-wide action would touch)",
      tags: ['tasks'],
      params: IdParams,
      querystring: TaskFilter,
      response: withErrors({ 200: TaskCount }),
    },
    handler: async (request) => heavyRead(ctx, 'taskCount', request.params.id, request.query),
  });

  app.post('/api/projects/:id/task-actions', {
    config: { access: 'manager', idempotent: true },
    schema: {
      summary:
        'A bulk action on picked tasks or on every task a filter matches: raise priority, re-open, send to review, remove from or restore to the exports',
      tags: ['tasks'],
      params: IdParams,
      body: TaskActionBody,
      response: withErrors({ 200: TaskActionResult }),
    },
    handler: async (request) => applyTaskAction(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });
}
