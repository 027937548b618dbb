/** People and their certifications. Creating and changing users is for admins; certifying is for managers. */
import { IdParams, NoContent } from '../../domain/api/common.js';
import {
  CertificationInput,
  CertificationOk,
  PasswordReset,
  RevokeCertificationBody,
  RevokeCertificationParams,
  UserInput,
  UserList,
  UserOk,
} from '../../domain/api/users.js';
import { grantCertification, revokeCertification } from '../../services/index.js';
import { createUser, listUsers, resetPassword, updateUser, UserPatch, userView } from '../../services/users/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function userRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/users', {
    config: { access: 'manager' },
    schema: { summary: 'Every user with certifications and work stats', tags: ['users'], response: withErrors({ 200: UserList }) },
    handler: async () => ({ users: await listUsers(ctx) }),
  });

  app.post('/api/users', {
    config: { access: 'admin' },
    schema: { summary: 'Create a user', tags: ['users'], body: UserInput, response: withErrors({ 201: UserOk }, 409) },
    handler: async (request, reply) => {
      const user = await createUser(ctx, actorOfRequest(request.user!), request.body);
      return reply.code(201).send({ user: userView(user) });
    },
  });

  app.patch('/api/users/:id', {
    config: { access: 'admin' },
    schema: { summary: 'Change a user', tags: ['users'], params: IdParams, body: UserPatch, response: withErrors({ 200: UserOk }, 409) },
    handler: async (request) => {
      const user = await updateUser(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return { user: userView(user) };
    },
  });

  app.post('/api/users/:id/password', {
    config: { access: 'admin' },
    schema: {
      summary: "Set a user's password (ends their sessions)",
      tags: ['users'],
      params: IdParams,
      body: PasswordReset,
      response: withErrors({ 204: NoContent }),
    },
    handler: async (request, reply) => {
      await resetPassword(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return reply.code(204).send();
    },
  });

  app.post('/api/users/:id/certifications', {
    config: { access: 'manager' },
    schema: {
      summary: 'Certify a user in a domain',
      tags: ['users'],
      params: IdParams,
      body: CertificationInput,
      response: withErrors({ 201: CertificationOk }),
    },
    handler: async (request, reply) => {
      const c = await grantCertification(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return reply.code(201).send({ certification: certificationView(c) });
    },
  });

  app.delete('/api/users/:id/certifications/:domain', {
    config: { access: 'manager' },
    schema: {
      summary: 'Revoke a certification',
      tags: ['users'],
      params: RevokeCertificationParams,
      body: RevokeCertificationBody,
      response: withErrors({ 204: NoContent }),
    },
    handler: async (request, reply) => {
      await revokeCertification(ctx, actorOfRequest(request.user!), request.params.id, request.params.domain, request.body?.reason);
      return reply.code(204).send();
    },
  });
}

/** The core service's record → the API's view; tolerant of ms or ISO times. */
function certificationView(c: { domain: string; level: number; source: 'granted' | 'exam'; grantedAt: number | string | Date }) {
  const at = c.grantedAt instanceof Date ? c.grantedAt : new Date(c.grantedAt);
  return { domain: c.domain, level: c.level, source: c.source, grantedAt: at.toISOString() };
}
