/**
 * The practice path: progress per domain, the next practice question, and immediate feedback on an
 * answer (practice reveals its own bank's gold; production and exam gold never pass through here).
 */
import { PracticeAnswerBody, PracticeFeedback, PracticeNextParams, PracticeOverview, PracticeQuestion } from '../../domain/api/practice.js';
import { answerPractice, nextPractice, practiceProgress } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function practiceRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/practice', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My practice progress per domain (practice banks and active exams), readiness and when I may take the exam',
      tags: ['practice'],
      response: withErrors({ 200: PracticeOverview }),
    },
    handler: async (request) => ({ domains: await practiceProgress(ctx, actorOfRequest(request.user!)) }),
  });

  app.post('/api/practice/:domain/next', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'A practice question: one I have not practised, else the least recently practised; 404 without a practice bank',
      tags: ['practice'],
      params: PracticeNextParams,
      response: withErrors({ 200: PracticeQuestion }),
    },
    handler: async (request) => ({ question: await nextPractice(ctx, actorOfRequest(request.user!), request.params.domain) }),
  });

  app.post('/api/practice/answers', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Answer a practice question: right or wrong, partial credit, the expected answer and its explanation',
      tags: ['practice'],
      body: PracticeAnswerBody,
      response: withErrors({ 201: PracticeFeedback }),
    },
    handler: async (request, reply) => reply.code(201).send(await answerPractice(ctx, actorOfRequest(request.user!), request.body)),
  });
}
