/**
 * The `--judge` workload of bench:models: a judge (tier model) on the bench endpoint, a preference
 * project admitting tier model with overlap 1 and N tasks, and a judge run ready to start. Each task
 * is one judge call (one order), so N tasks are N calls, leased, judged and submitted through routing.
 */
import { addJudge, setJudgePrompt } from '../../src/services/judges/admin.js';
import { createJudgeRun, runJudgeRun } from '../../src/services/judges/runner.js';
import { createProject, importTasks } from '../../src/services/index.js';
import type { Actor, ServiceContext } from '../../src/services/context.js';

function preferenceLines(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `t${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Question ${i}: how should one explain recursion to a first-year student, briefly?`,
      responses: [
        { id: 'a', text: `GOOD answer ${i}: a function that calls itself on a smaller input until a base case stops it.` },
        { id: 'b', text: `Answer ${i}: think of Russian dolls.` },
      ],
    }),
  ).join('\n');
}

/** Sets up the project and the judge; the returned function runs the judge over every task. */
export async function prepareJudgeRun(ctx: ServiceContext, admin: Actor, endpoint: string, tasks: number) {
  const project = await createProject(ctx, admin, {
    name: 'bench judge',
    type: 'preference',
    domains: ['general'],
    overlap: 1,
    eligibility: { tiers: ['generalist', 'specialist', 'model'] },
  });
  await importTasks(ctx, admin, project.id, [preferenceLines(tasks)]);
  const judge = await addJudge(ctx, admin, { name: 'Bench judge', endpoint });
  await setJudgePrompt(ctx, admin, judge.id, { taskType: 'preference', template: 'Pick the better answer. Reply in JSON.' });
  const { runId } = await createJudgeRun(ctx, admin, project.id, { judge: judge.id });
  return async () => {
    const done = await runJudgeRun(ctx, runId);
    if (done.state !== 'done' || done.judged !== tasks) throw new Error(`the judge run ended ${JSON.stringify(done)}`);
    return done;
  };
}
