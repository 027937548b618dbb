/**
 * Label Studio's JSON export: an array of tasks `{id, data: {…}, annotations: [{result: [{from_name,
 * type, value}], completed_by, …}], predictions, project}`. `data` becomes a task by its field names
 * (namedFields.ts: `text` to label; `prompt` + `answer1`/`answer2` to compare, as in its pairwise
 * template; `prompt` + `response` to rate). The annotators' results are kept in `meta.labelstudio`;
 * with gold asked, a label task's agreed `choices` (and a pairwise task's `selected` side) become gold.
 */
import { type Converted, type Converter, isObj, type Obj, problem } from './common.js';
import { fromNamedFields } from './namedFields.js';

export const detectLabelStudio = (r: Obj): boolean =>
  isObj(r.data) && ('annotations' in r || 'predictions' in r || 'total_annotations' in r);

type Result = { from_name?: unknown; type?: unknown; value?: Obj };

function results(record: Obj): Result[][] {
  const annotations = Array.isArray(record.annotations) ? record.annotations : [];
  return annotations
    .filter((a): a is Obj => isObj(a) && a.was_cancelled !== true)
    .map((a) => (Array.isArray(a.result) ? (a.result as Result[]).filter(isObj) : []));
}

/** The one answer every annotator gave, if they agree: choices (labels) or a pairwise side. */
function agreedGold(all: Result[][], type: string): Obj | undefined {
  const answers = all.map((rs) => {
    const r = rs.find((x) => (type === 'label' ? x.type === 'choices' : x.type === 'pairwise'));
    if (!r?.value) return null;
    if (type === 'label') return Array.isArray(r.value.choices) ? JSON.stringify([...(r.value.choices as string[])].sort()) : null;
    return r.value.selected === 'left' ? 'a' : r.value.selected === 'right' ? 'b' : null;
  });
  if (answers.length === 0 || answers.some((a) => a === null || a !== answers[0])) return undefined;
  return type === 'label' ? { labels: JSON.parse(answers[0]!) } : { choice: answers[0] };
}

export const fromLabelStudio: Converter = (record, options): Converted => {
  if (!isObj(record.data)) return problem('data', 'must be an object of the task fields');
  if (typeof record.id !== 'number' && typeof record.id !== 'string') return problem('id', 'is required: the Label Studio task id');
  const all = results(record);
  const meta = {
    source: 'labelstudio',
    labelstudio: {
      id: record.id,
      project: record.project ?? null,
      annotations: all.map((rs) => rs.map((r) => ({ from_name: r.from_name ?? null, type: r.type ?? null, value: r.value ?? null }))),
    },
  };
  const id = `ls-${record.project ?? 'task'}-${record.id}`;
  const converted = fromNamedFields(record.data, options, { id, nameOf: (k) => `data.${k}`, meta });
  const gold =
    options.asGold && converted.task && (options.type === 'label' || options.type === 'preference')
      ? agreedGold(all, options.type)
      : undefined;
  return gold && converted.task ? { task: { ...converted.task, gold } } : converted;
};
