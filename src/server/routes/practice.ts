/**
 * The practice path: progress per domain, the next practice question, and immediate feedback on an
 * answer (practice reveals its own bank's gold; production and exam gold never pass through here).
 */
import { z } from 'zod';
import { DomainName } from '../../domain/tasks.js';
import { answerPractice, nextPractice, PracticeAnswerBody, practiceProgress } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';
import { Question } from './exams.js';

const Interval = { estimate: z.number().nullable(), lower: z.number(), upper: z.number() };

export const PracticeDomain = z
  .object({
    domain: z.string(),
    bankSize: z.number().int(),
    answered: z.number().int(),
    correct: z.number().int(),
    recent: z.object({ window: z.number().int(), answered: z.number().int(), correct: z.number().int(), ...Interval }),
    exam: z
      .object({ id: z.number().int(), name: z.string(), questionCount: z.number().int(), passMark: z.number(), cooldownHours: z.number().int(), version: z.number().int() })
      .nullable(),
    ready: z.boolean(),
    nextAttemptAt: z.string().nullable(),
    certified: z.boolean(),
  })
  .meta({ id: 'PracticeDomain' });

export const IntervalSchema = z.object(Interval);

const PracticeFeedback = z
  .object({ correct: z.boolean(), score: z.number(), expected: z.record(z.string(), z.unknown()), explanation: z.string().nullable() })
  .meta({ id: 'PracticeFeedback' });

export function practiceRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/practice', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My practice progress per domain (practice banks and active exams), readiness and when I may take the exam',
      tags: ['practice'],
      response: withErrors({ 200: z.object({ domains: z.array(PracticeDomain) }) }),
    },
    handler: async (request) => ({ domains: await practiceProgress(ctx, actorOfRequest(request.user!)) }),
  });

  app.post('/api/practice/:domain/next', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'A practice question: one I have not practised, else the least recently practised; 404 without a practice bank',
      tags: ['practice'],
      params: z.object({ domain: DomainName }),
      response: withErrors({ 200: z.object({ question: Question }) }),
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
