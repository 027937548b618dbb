/**
 * The shared input of every inference method: one label per row, stored as three parallel
 * Int32Arrays (worker, task, class index) plus the dictionaries back to the original strings.
 * No per-label objects, so a million labels cost 12 MB and the hot loops stay in typed arrays.
 */
export interface EncodedLabels {
  readonly workers: Int32Array;
  readonly tasks: Int32Array;
  /** Class index into classNames. */
  readonly labels: Int32Array;
  readonly workerNames: readonly string[];
  readonly taskNames: readonly string[];
  readonly classNames: readonly string[];
}

export interface LabelRow {
  worker: string;
  task: string;
  label: string;
}

/** Assigns dense ids to strings in first-seen order. */
export class Interner {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

export function encodeLabels(rows: readonly LabelRow[]): EncodedLabels {
  const workers = new Interner(),
    tasks = new Interner(),
    classes = new Interner();
  const w = new Int32Array(rows.length),
    t = new Int32Array(rows.length),
    l = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    w[i] = workers.id(row.worker);
    t[i] = tasks.id(row.task);
    l[i] = classes.id(row.label);
  });
  return sortClasses({ workers: w, tasks: t, labels: l, workerNames: workers.names, taskNames: tasks.names, classNames: classes.names });
}

/** Numeric-aware order ("2" before "10"), so class indices do not depend on row order. */
export function compareClassNames(a: string, b: string): number {
  const x = Number(a),
    y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Re-indexes classes in sorted order (labels rewritten in place of a copy). */
export function sortClasses(data: EncodedLabels): EncodedLabels {
  const order = data.classNames.map((_, i) => i).sort((a, b) => compareClassNames(data.classNames[a], data.classNames[b]));
  const newIndex = new Int32Array(order.length);
  order.forEach((old, i) => (newIndex[old] = i));
  const labels = new Int32Array(data.labels.length);
  for (let i = 0; i < labels.length; i++) labels[i] = newIndex[data.labels[i]];
  return { ...data, labels, classNames: order.map((i) => data.classNames[i]) };
}

/**
 * Gold answers as a per-task class index (-1 where unknown). Gold tasks without labels are
 * dropped; a gold class never used by any worker is appended to classNames so it can be clamped.
 */
export function encodeGold(
  data: EncodedLabels,
  gold: Iterable<{ task: string; label: string }>,
): { data: EncodedLabels; gold: Int32Array } {
  const taskIndex = new Map(data.taskNames.map((name, i) => [name, i]));
  return encodeGoldAt(
    data,
    (function* () {
      for (const { task, label } of gold) {
        const t = taskIndex.get(task);
        if (t !== undefined) yield { task: t, label };
      }
    })(),
  );
}

/** `encodeGold` with each gold task given by its index in `data.taskNames` (a caller that knows it needs no lookup by name). */
export function encodeGoldAt(
  data: EncodedLabels,
  gold: Iterable<{ task: number; label: string }>,
): { data: EncodedLabels; gold: Int32Array } {
  const classNames = [...data.classNames];
  const classIndex = new Map(classNames.map((name, i) => [name, i]));
  const out = new Int32Array(data.taskNames.length).fill(-1);
  for (const { task, label } of gold) {
    let c = classIndex.get(label);
    if (c === undefined) {
      c = classNames.length;
      classNames.push(label);
      classIndex.set(label, c);
    }
    out[task] = c;
  }
  return { data: classNames.length === data.classNames.length ? data : { ...data, classNames }, gold: out };
}

export function sizes(data: EncodedLabels): { nLabels: number; nTasks: number; nWorkers: number; nClasses: number } {
  return {
    nLabels: data.labels.length,
    nTasks: data.taskNames.length,
    nWorkers: data.workerNames.length,
    nClasses: data.classNames.length,
  };
}
