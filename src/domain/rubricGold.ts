/**
 * Gold for rubric grading tasks: `{grades: [{response, verdicts: [{criterion, met}]}]}`, partial allowed
 * (grade only the criteria you are sure of). Score = share of gold verdicts the grader gave alike;
 * correct when all agree. Authoring and review stages have no machine-checkable answer (null).
 */

type Obj = Record<string, unknown>;

/** `response/criterion` → met, for every well-formed verdict of a grade answer. */
function verdictMap(answer: Obj): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!Array.isArray(answer.grades)) return out;
  for (const g of answer.grades as Obj[]) {
    if (!g || typeof g.response !== 'string' || !Array.isArray(g.verdicts)) continue;
    for (const v of g.verdicts as Obj[]) {
      if (v && typeof v.criterion === 'string' && typeof v.met === 'boolean') out.set(`${g.response}/${v.criterion}`, v.met);
    }
  }
  return out;
}

/** Same shape as goldMatch.ts `GoldMatch` (which lists this grader). */
export function rubricGoldMatch(response: Obj, gold: Obj): { correct: boolean; score: number } | null {
  const want = verdictMap(gold);
  if (want.size === 0) return null;
  const got = verdictMap(response);
  let same = 0;
  for (const [key, met] of want) if (got.get(key) === met) same++;
  return { correct: same === want.size, score: same / want.size };
}
