/**
 * Question banks from a file (issue 15): gold questions with explanations, JSON lines or CSV, checked
 * whole (problems by file, line and field; nothing written), previewed on a dry run, then imported into
 * the domain's exam bank, which the domain's exam draws on; and an exam moved to another domain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/domain/errors.js';
import { createExam, listExams, startAttempt, updateExam } from '../../../src/services/index.js';
import { uploadExamBank } from '../../../src/services/exams/uploadBank.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';

const question = (id: string, gold: Record<string, unknown>) =>
  JSON.stringify({
    id,
    prompt: `Question ${id}?`,
    responses: [
      { id: 'a', text: `A to ${id}` },
      { id: 'b', text: `B to ${id}` },
    ],
    gold,
  });

const JSONL = [
  question('q1', { choice: 'a', explanation: 'A cites the guideline.' }),
  question('q2', { choice: 'b', explanation: 'B is the safe answer.' }),
].join('\n');

const CSV = [
  'id,prompt,responses,gold,explanation',
  'c1,Which is right?,"[{""id"":""a"",""text"":""yes""},{""id"":""b"",""text"":""no""}]",a,"Yes, because the dose is halved."',
  'c2,And this?,"[{""id"":""a"",""text"":""up""},{""id"":""b"",""text"":""down""}]",b,Down is correct.',
].join('\n');

describe.each(testDatabases())('exam banks on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function problemsOf(p: Promise<unknown>) {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserInputError);
    return (e as UserInputError).problems;
  }

  it('checks the whole file, previews, imports all or nothing, and the exam draws on the bank', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const upload = (body: Record<string, unknown>) =>
      uploadExamBank(h.ctx, m, { domain: 'pharmacy', type: 'preference', format: 'jsonl', fileName: 'bank.jsonl', ...body });

    // Bad lines: each problem names the file, its line and field; nothing is written.
    const bad = [
      question('q1', { choice: 'a', explanation: 'ok' }),
      question('q2', { choice: 'b' }),
      question('q3', { choice: 'c', explanation: 'no such response' }),
      '{"id": "q4"',
      question('q1', { choice: 'a', explanation: 'ok' }),
      JSON.stringify({
        id: 'q6',
        prompt: 'No gold?',
        responses: [
          { id: 'a', text: 'x' },
          { id: 'b', text: 'y' },
        ],
      }),
    ].join('\n');
    const problems = await problemsOf(upload({ text: bad }));
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['bank.jsonl', 2, 'gold.explanation'],
      ['bank.jsonl', 3, 'gold.choice'],
      ['bank.jsonl', 4, undefined],
      ['bank.jsonl', 5, 'id'],
      ['bank.jsonl', 6, 'gold'],
    ]);
    expect(problems[1].message).toMatch(/must be one of a, b, tie/);
    expect(await h.store.db.selectFrom('projects').select('id').execute()).toEqual([]);

    // A dry run previews and writes nothing; the bank does not exist yet.
    const preview = await upload({ text: JSONL, dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, bank: null, added: 2, skipped: 0, bankSize: 2, exams: [] });
    expect(preview.questions.map((q) => [q.line, q.id, q.explanation, q.alreadyInBank])).toEqual([
      [1, 'q1', 'A cites the guideline.', false],
      [2, 'q2', 'B is the safe answer.', false],
    ]);
    expect(preview.questions[0].summary).toBe('Question q1?');
    expect(await h.store.db.selectFrom('tasks').select('id').execute()).toEqual([]);

    const done = await upload({ text: JSONL });
    expect(done).toMatchObject({ dryRun: false, added: 2, skipped: 0, bankSize: 2 });
    const bank = await h.store.db.selectFrom('projects').selectAll().where('id', '=', done.bank!.projectId).executeTakeFirstOrThrow();
    expect(JSON.parse(bank.config)).toMatchObject({ purpose: 'exam', type: 'preference', domains: ['pharmacy'] });
    const gold = await h.store.db.selectFrom('tasks').select(['external_id', 'gold', 'is_gold']).orderBy('external_id').execute();
    expect(gold.map((t) => [t.external_id, JSON.parse(t.gold!), Number(t.is_gold)])).toEqual([
      ['q1', { choice: 'a', explanation: 'A cites the guideline.' }, 1],
      ['q2', { choice: 'b', explanation: 'B is the safe answer.' }, 1],
    ]);

    // CSV into the same bank; then the exam attaches to it and draws its questions.
    const csv = await upload({ text: CSV, format: 'csv', fileName: 'bank.csv' });
    expect(csv).toMatchObject({ added: 2, bankSize: 4, bank: { projectId: bank.id } });
    expect(csv.questions.map((q) => [q.line, q.id, q.gold])).toEqual([
      [2, 'c1', { choice: 'a', explanation: 'Yes, because the dose is halved.' }],
      [3, 'c2', { choice: 'b', explanation: 'Down is correct.' }],
    ]);
    const exam = await createExam(h.ctx, m, { domain: 'pharmacy', name: 'Pharmacy', questionCount: 4, passMark: 0.75, cooldownHours: 1 });
    expect((await listExams(h.ctx)).find((x) => x.id === exam.id)?.bankSize).toBe(4);
    const tutor = await addUser(h.store);
    const { start } = await startAttempt(h.ctx, tutor, exam.id);
    expect(start.questions).toHaveLength(4);
    expect(JSON.stringify(start.questions)).not.toContain('explanation');

    // Again: the same content is skipped; other content under a known id is refused by its line.
    const again = await upload({ text: JSONL, dryRun: true });
    expect(again).toMatchObject({ added: 0, skipped: 2, exams: [{ id: exam.id, name: 'Pharmacy', active: true, questionCount: 4 }] });
    expect(again.questions.every((q) => q.alreadyInBank)).toBe(true);
    const clash = await problemsOf(upload({ text: `\n${question('q2', { choice: 'a', explanation: 'changed' })}` }));
    expect(clash.map((p) => [p.line, p.field])).toEqual([[2, 'id']]);
    const csvBad = await problemsOf(
      upload({
        format: 'csv',
        fileName: 'b.csv',
        text: 'id,prompt,responses,gold\nx,Hi?,"[{""id"":""a"",""text"":""1""},{""id"":""b"",""text"":""2""}]",a',
      }),
    );
    expect(csvBad.map((p) => [p.file, p.line, p.field])).toEqual([['b.csv', 2, 'explanation']]);
  });

  it("moves an exam to another domain's bank as a new version, refused while an attempt is open", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    for (const domain of ['pharmacy', 'nursing'])
      await uploadExamBank(h.ctx, m, { domain, type: 'preference', format: 'jsonl', fileName: `${domain}.jsonl`, text: JSONL });
    const exam = await createExam(h.ctx, m, { domain: 'pharmacy', name: 'Meds', questionCount: 2, passMark: 0.5, cooldownHours: 1 });
    const tutor = await addUser(h.store);
    await startAttempt(h.ctx, tutor, exam.id);
    await expect(updateExam(h.ctx, m, exam.id, { domain: 'nursing' })).rejects.toThrow(/attempt is still open/);
    await h.store.db.updateTable('exam_attempts').set({ submitted_at: h.ctx.now(), score: 0, passed: 0 }).execute();

    const moved = await updateExam(h.ctx, m, exam.id, { domain: 'nursing' });
    expect(moved).toMatchObject({ domain: 'nursing', version: exam.version + 1 });
    const audit = await h.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'exam.update').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ changed: { domain: { from: 'pharmacy', to: 'nursing' } } });
    // A domain with another active exam, or a bank too small, is refused.
    const other = await createExam(h.ctx, m, { domain: 'pharmacy', name: 'Other', questionCount: 2, passMark: 0.5, cooldownHours: 1 });
    await expect(updateExam(h.ctx, m, other.id, { domain: 'nursing' })).rejects.toThrow(/already the active exam/);
    await expect(updateExam(h.ctx, m, other.id, { domain: 'surgery' })).rejects.toThrow(/exam bank has 0/);
  });
});
