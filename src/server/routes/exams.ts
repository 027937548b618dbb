/**
 * Certification exams. Managers create, list and change them and see certifications over time;
 * any signed-in user may take one. Questions leave in the tutor-task shape (src/domain/api/exams.ts; the zod
 * serializer drops anything else, gold included); results carry score and pass/fail only.
 */
import { IdParams } from '../../domain/api/common.js';
import {
  CertificationEvents,
  CertificationEventsQuery,
  ExamInput,
  ExamList,
  ExamOk,
  ExamPatch,
  ExamResult,
  ExamStart,
  SubmitExamBody,
} from '../../domain/api/exams.js';
import { certificationEvents, createExam, listExams, startAttempt, submitAttempt, updateExam } from '../../services/index.js';
import { AttemptList, AttemptsQuery } from '../../domain/api/examAttempts.js';
import { listAttempts } from '../../services/exams/listAttempts.js';
import { BankUploadBody, BankUploadResult } from '../../domain/api/examBanks.js';
import { uploadExamBank } from '../../services/exams/uploadBank.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function examRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/exams', {
    config: { access: 'manager' },
    schema: {
      summary: 'Every exam, with the size of its domain bank (gradable gold questions in exam projects)',
      tags: ['exams'],
      response: withErrors({ 200: ExamList }),
    },
    handler: async () => ({ exams: await listExams(ctx) }),
  });

  app.post('/api/exams', {
    config: { access: 'manager' },
    schema: {
      summary: 'Create a certification exam for a domain',
      tags: ['exams'],
      body: ExamInput,
      response: withErrors({ 201: ExamOk }, 409),
    },
    handler: async (request, reply) => reply.code(201).send({ exam: await createExam(ctx, actorOfRequest(request.user!), request.body) }),
  });

  app.patch('/api/exams/:id', {
    config: { access: 'manager' },
    schema: {
      summary: 'Change an exam (any change bumps its version; active:false retires it)',
      tags: ['exams'],
      params: IdParams,
      body: ExamPatch,
      response: withErrors({ 200: ExamOk }, 409),
    },
    handler: async (request) => ({ exam: await updateExam(ctx, actorOfRequest(request.user!), request.params.id, request.body) }),
  });

  app.post('/api/exam-banks', {
    config: { access: 'manager' },
    schema: {
      summary: "Upload gold questions with explanations (JSON lines or CSV) into a domain's exam bank; dryRun previews",
      tags: ['exams'],
      body: BankUploadBody,
      response: withErrors({ 200: BankUploadResult }),
    },
    bodyLimit: 2 * 1024 * 1024,
    handler: async (request) => uploadExamBank(ctx, actorOfRequest(request.user!), request.body),
  });

  app.get('/api/exams/:id/attempts', {
    config: { access: 'manager' },
    schema: {
      summary: "An exam's attempts: who, when, score and pass, newest first (keyset paging)",
      tags: ['exams'],
      params: IdParams,
      querystring: AttemptsQuery,
      response: withErrors({ 200: AttemptList }),
    },
    handler: async (request) => listAttempts(ctx, request.params.id, request.query),
  });

  app.post('/api/exams/:id/attempts', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Start an exam attempt (201), or resume the open one (200); 409 while certified or cooling down',
      tags: ['exams'],
      params: IdParams,
      response: withErrors({ 200: ExamStart, 201: ExamStart }, 409),
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
      response: withErrors({ 200: ExamResult }, 409),
    },
    handler: async (request) => submitAttempt(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.get('/api/certifications/events', {
    config: { access: 'manager' },
    schema: {
      summary: 'Certifications granted (by source) and suspended or revoked, per UTC day and domain',
      tags: ['exams'],
      querystring: CertificationEventsQuery,
      response: withErrors({ 200: CertificationEvents }),
    },
    handler: async (request) => certificationEvents(ctx, request.query.days),
  });
}
