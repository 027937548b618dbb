/** The managers' task browser: a project's tasks filtered and paged on the server. */
import { IdParams } from '../../domain/api/common.js';
import { TaskBrowsePage, TaskBrowseQuery } from '../../domain/api/taskBrowser.js';
import { browseTasks } from '../../services/tasks/browseTasks.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

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
}
