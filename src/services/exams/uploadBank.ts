/**
 * A manager uploads a question bank (POST /api/exam-banks): gold questions with explanations, from a
 * JSON-lines or CSV file, into the domain's exam bank of that task type (a project of purpose `exam`,
 * made on the first upload), which every exam of the domain draws from. The whole file is checked
 * first (bankFile.ts): a dry run stops there and previews what would be added. Otherwise the records
 * go through the ordinary import (importTasks: all-or-nothing, idempotent by id, audited
 * `tasks.import`), its problems told by the line of the uploaded file.
 */
import type { BankUploadResult } from '../../domain/api/examBanks.js';
import { BankUploadBody } from '../../domain/api/examBanks.js';
import { UserInputError, type LineProblem } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import type { TaskType } from '../../domain/tasks.js';
import { allExams } from '../../store/repositories/exams.js';
import { taskHashLookup } from '../../store/repositories/imports.js';
import { allProjects, type ProjectRecord } from '../../store/repositories/projects.js';
import type { Actor, ServiceContext } from '../context.js';
import { importTasks } from '../imports/importTasks.js';
import { createProject } from '../projects/createProject.js';
import { bankQuestions } from './banks.js';
import { type BankRecord, readBankFile } from './bankFile.js';

/** Types a first upload may make a bank for (the others need a project's rubric or settings first). */
const NEW_BANK_TYPES: readonly TaskType[] = ['preference', 'label', 'ranking', 'steps'];

function fail(problems: LineProblem[]): UserInputError {
  const { message, ...where } = problems[0];
  const n = problems.length;
  return new UserInputError(`${n} problem${n === 1 ? '' : 's'} in the bank file; nothing was added. First: ${message}`, where, problems);
}

async function findBank(ctx: ServiceContext, domain: string, type: TaskType): Promise<ProjectRecord | undefined> {
  return (await allProjects(ctx.store.db)).find(
    (p) => p.config.purpose === 'exam' && p.status !== 'archived' && p.config.type === type && p.config.domains.includes(domain),
  );
}

const summaryOf = (object: Record<string, unknown>): string => {
  const text = [object.prompt, object.text, object.question].find((v) => typeof v === 'string') as string | undefined;
  return (text ?? String(object.id)).slice(0, 120);
};

export async function uploadExamBank(ctx: ServiceContext, actor: Actor, input: unknown): Promise<BankUploadResult> {
  const body = validateInput(BankUploadBody, input);
  const { records, problems } = readBankFile(body);
  if (problems.length > 0) throw fail(problems);

  let bank = await findBank(ctx, body.domain, body.type);
  if (!bank && !NEW_BANK_TYPES.includes(body.type))
    throw new UserInputError(
      `there is no ${body.type} exam bank in "${body.domain}" yet: create an exam project (purpose "exam") with its settings first`,
      { field: 'type' },
    );
  // What the bank holds already: the same content is skipped, other content under the same id is refused.
  const stored = bank ? await taskHashLookup(ctx.store, bank.id)(records.map((r) => r.task.externalId)) : new Map<string, string>();
  const clashes = records.flatMap((r) => {
    const hash = stored.get(r.task.externalId);
    return hash !== undefined && hash !== r.task.contentHash
      ? [{ file: body.fileName, line: r.line, field: 'id', message: `"${r.task.externalId}" is already in the bank with other content` }]
      : [];
  });
  if (clashes.length > 0) throw fail(clashes);
  const preview = records.map((r) => ({
    line: r.line,
    id: r.task.externalId,
    summary: summaryOf(r.object),
    gold: r.gold,
    explanation: r.explanation,
    alreadyInBank: stored.has(r.task.externalId),
  }));
  const fresh = preview.filter((q) => !q.alreadyInBank).length;
  const exams = (await allExams(ctx.store.db))
    .filter((e) => e.domain === body.domain)
    .map((e) => ({ id: e.id, name: e.name, active: e.active === 1, questionCount: e.question_count }));
  const sizeNow = async () => (await bankQuestions(ctx.store.db, 'exam', body.domain)).length;

  if (body.dryRun) {
    const view = bank ? { projectId: bank.id, name: bank.config.name } : null;
    return {
      dryRun: true,
      domain: body.domain,
      bank: view,
      questions: preview,
      added: fresh,
      skipped: records.length - fresh,
      bankSize: (await sizeNow()) + fresh,
      exams,
    };
  }
  if (!bank) {
    const created = await createProject(ctx, actor, {
      name: `${body.domain} exam bank (${body.type})`,
      type: body.type,
      domains: [body.domain],
      purpose: 'exam',
      ...(body.type === 'label' ? { labels: [...new Set(records.flatMap((r) => (r.gold.labels as string[] | undefined) ?? []))] } : {}),
    });
    bank = (await findBank(ctx, body.domain, body.type))!;
    if (!bank || bank.id !== created.id) throw new Error(`the new exam bank ${created.id} could not be read back`);
  }
  const result = await importRecords(ctx, actor, bank.id, body.fileName, records);
  return {
    dryRun: false,
    domain: body.domain,
    bank: { projectId: bank.id, name: bank.config.name },
    questions: preview,
    added: result.imported,
    skipped: result.skipped,
    bankSize: await sizeNow(),
    exams,
  };
}

/** The ordinary import, one record a line; its problems told by the uploaded file's lines. */
async function importRecords(ctx: ServiceContext, actor: Actor, projectId: number, fileName: string, records: BankRecord[]) {
  try {
    return await importTasks(ctx, actor, projectId, [records.map((r) => JSON.stringify(r.object)).join('\n')], {
      fileName,
      format: 'tutorloop',
      declaredJson: true,
    });
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    throw fail(e.problems.map((p) => (p.line === undefined ? p : { ...p, line: records[p.line - 1]?.line ?? p.line })));
  }
}
