/** The managers' task browser: a project's tasks filtered and paged on the server, and one task's page. */
import { IdParams } from '../../domain/api/common.js';
import { TaskBrowsePage, TaskBrowseQuery } from '../../domain/api/taskBrowser.js';
import { TaskDetail } from '../../domain/api/taskDetail.js';
import { browseTasks } from '../../services/tasks/browseTasks.js';
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
    handler: async (request) => browseTasks(ctx, request.params.id, request.query),
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
}
