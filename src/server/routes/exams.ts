/**
 * Certification exams. Managers create, list and change them and see certifications over time;
 * any signed-in user may take one. Questions leave in the tutor-task shape listed below (the zod
 * serializer drops anything else, gold included); results carry score and pass/fail only.
 */
import { z } from 'zod';
import {
  certificationEvents,
  createExam,
  ExamInput,
  ExamPatch,
  listExams,
  startAttempt,
  submitAttempt,
  SubmitExamBody,
  updateExam,
} from '../../services/index.js';
import { IdParams, withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const Exam = z
  .object({
    id: z.number().int(),
    domain: z.string(),
    name: z.string(),
    questionCount: z.number().int(),
    passMark: z.number(),
    cooldownHours: z.number().int(),
    version: z.number().int(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Exam' });

/** A question as a tutor sees it: the tutor-task shape of `next` plus the rules it is answered under. Never gold. */
export const Question = z
  .object({
    taskId: z.number().int(),
    type: z.string(),
    domain: z.string(),
    payload: z.record(z.string(), z.unknown()),
    project: z.object({
      instructions: z.string(),
      labels: z.array(z.string()).optional(),
      multiLabel: z.boolean(),
      rubric: z.array(z.object({ name: z.string(), description: z.string().optional(), scale: z.number().int() })).optional(),
      requireRationale: z.boolean(),
    }),
  })
  .meta({ id: 'Question' });

const ExamStart = z.object({
  attempt: z.object({ id: z.number().int(), examId: z.number().int(), examVersion: z.number().int(), startedAt: z.string() }),
  exam: Exam,
  questions: z.array(Question),
});

const ExamResult = z
  .object({
    attemptId: z.number().int(),
    examId: z.number().int(),
    examVersion: z.number().int(),
    score: z.number(),
    passed: z.boolean(),
    correct: z.number().int(),
    total: z.number().int(),
    passMark: z.number(),
    certification: z.object({ domain: z.string(), level: z.number().int() }).nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .meta({ id: 'ExamResult' });

const CertificationDay = z.object({
  day: z.string(),
  domain: z.string(),
  grantedByManager: z.number().int(),
  grantedByExam: z.number().int(),
  suspended: z.number().int(),
  revoked: z.number().int(),
});

export function examRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/exams', {
    config: { access: 'manager' },
    schema: {
      summary: 'Every exam, with the size of its domain bank (gradable gold questions in exam projects)',
      tags: ['exams'],
      response: withErrors({ 200: z.object({ exams: z.array(Exam.extend({ bankSize: z.number().int() })) }) }),
    },
    handler: async () => ({ exams: await listExams(ctx) }),
  });

  app.post('/api/exams', {
    config: { access: 'manager' },
    schema: { summary: 'Create a certification exam for a domain', tags: ['exams'], body: ExamInput, response: withErrors({ 201: z.object({ exam: Exam }) }) },
    handler: async (request, reply) => reply.code(201).send({ exam: await createExam(ctx, actorOfRequest(request.user!), request.body) }),
  });

  app.patch('/api/exams/:id', {
    config: { access: 'manager' },
    schema: {
      summary: 'Change an exam (any change bumps its version; active:false retires it)',
      tags: ['exams'],
      params: IdParams,
      body: ExamPatch,
      response: withErrors({ 200: z.object({ exam: Exam }) }),
    },
    handler: async (request) => ({ exam: await updateExam(ctx, actorOfRequest(request.user!), request.params.id, request.body) }),
  });

  app.post('/api/exams/:id/attempts', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Start an exam attempt (201), or resume the open one (200); 409 while certified or cooling down',
      tags: ['exams'],
      params: IdParams,
      response: withErrors({ 200: ExamStart, 201: ExamStart }),
    },
    handler: async (request, reply) => {
      const { created, start } = await startAttempt(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(created ? 201 : 200).send(start);
    },
  });

  app.post('/api/exam-attempts/:id/submit', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Hand in an attempt: one answer per question; score and pass/fail, never which answers were right',
      tags: ['exams'],
      params: IdParams,
      body: SubmitExamBody,
      response: withErrors({ 200: ExamResult }),
    },
    handler: async (request) => submitAttempt(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.get('/api/certifications/events', {
    config: { access: 'manager' },
    schema: {
      summary: 'Certifications granted (by source) and suspended or revoked, per UTC day and domain',
      tags: ['exams'],
      querystring: z.object({ days: z.coerce.number().int().min(1).max(3660).default(90) }),
      response: withErrors({ 200: z.object({ since: z.string(), days: z.array(CertificationDay) }) }),
    },
    handler: async (request) => certificationEvents(ctx, request.query.days),
  });
}
