/**
 * The consensus batch's input for one domain, gathered label by label into typed arrays (no per-label
 * or per-task objects, no response strings kept): about 12 bytes per label and 9 per task, so a
 * million tasks with three labels each fit in ~50 MB where per-task objects took over a gigabyte.
 * `encode()` lays the labels out exactly as the per-task grouping did before (tasks in first-seen
 * order, each task's labels in annotation order), so a fit gives the same result as before.
 */
import { type EncodedLabels, encodeGoldAt, Interner, sortClasses } from '../../quality/encoded.js';

/** An Int32Array that grows by doubling. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class DomainLabels {
  /** Task ids in first-seen order (index = the task's slot). */
  private readonly taskIds = new IntList();
  private readonly gold = new Map<number, string>();
  private readonly goldTask = new Set<number>();
  private readonly counts = new IntList();
  private readonly slots = new IntList();
  private readonly workers = new IntList();
  private readonly classes = new Interner();
  private readonly labels = new IntList();
  /** Classes the response schema allows (a preference's response ids and "tie"; the project's labels). */
  readonly extraClasses = new Set<string>();

  /** Register a task seen for the first time (with its gold class, if gold): its slot. */
  register(taskId: number, isGold: boolean, goldClass: string | null, classes: readonly string[]): number {
    const slot = this.taskIds.length;
    this.taskIds.push(taskId);
    this.counts.push(0);
    if (isGold) this.goldTask.add(slot);
    if (goldClass !== null) this.gold.set(slot, goldClass);
    for (const c of classes) this.extraClasses.add(c);
    return slot;
  }

  add(slot: number, userId: number, cls: string): void {
    this.slots.push(slot);
    this.workers.push(userId);
    this.labels.push(this.classes.id(cls));
    this.counts.data[slot]++;
  }

  get size(): number {
    return this.labels.length;
  }

  /** Per task: its id, whether it is gold, how many class labels it has and their agreement (share of the most common class). */
  *tasks(): Generator<{ taskId: number; isGold: boolean; labels: number; slot: number; agreement: number }> {
    const agreement = this.agreementBySlot();
    for (let s = 0; s < this.taskIds.length; s++)
      yield { taskId: this.taskIds.data[s], isGold: this.goldTask.has(s), labels: this.counts.data[s], slot: s, agreement: agreement[s] };
  }

  /** Label indices grouped by task slot (counting sort, stable: each task's labels stay in annotation order). */
  private orderBySlot(): Int32Array {
    const n = this.labels.length;
    const start = new Int32Array(this.taskIds.length + 1);
    for (let i = 0; i < n; i++) start[this.slots.data[i] + 1]++;
    for (let s = 0; s < this.taskIds.length; s++) start[s + 1] += start[s];
    const order = new Int32Array(n);
    const fill = start.slice(0, this.taskIds.length);
    for (let i = 0; i < n; i++) order[fill[this.slots.data[i]]++] = i;
    return order;
  }

  /** Each slot's share of its most common class (0 for a slot without labels), as `judgmentAgreement` counts. */
  private agreementBySlot(): Float64Array {
    const out = new Float64Array(this.taskIds.length);
    const order = this.orderBySlot();
    const counts = new Map<number, number>();
    for (let k = 0; k < order.length; ) {
      const slot = this.slots.data[order[k]];
      counts.clear();
      let top = 0;
      let n = 0;
      for (; k < order.length && this.slots.data[order[k]] === slot; k++, n++) {
        const cls = this.labels.data[order[k]];
        const c = (counts.get(cls) ?? 0) + 1;
        counts.set(cls, c);
        if (c > top) top = c;
      }
      out[slot] = top / n;
    }
    return out;
  }

  /** The encoded labels (grouped by task, as before), classes widened by the schema's, gold clamped. */
  encode(): { data: EncodedLabels; gold: Int32Array | undefined } {
    const n = this.labels.length;
    const tasksWithLabels: number[] = [];
    const order = this.orderBySlot();
    const workerNames = new Interner();
    const taskIndexOfSlot = new Int32Array(this.taskIds.length).fill(-1);
    const w = new Int32Array(n),
      t = new Int32Array(n),
      l = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const slot = this.slots.data[i];
      if (taskIndexOfSlot[slot] === -1) {
        taskIndexOfSlot[slot] = tasksWithLabels.length;
        tasksWithLabels.push(slot);
      }
      w[k] = workerNames.id(String(this.workers.data[i]));
      t[k] = taskIndexOfSlot[slot];
      l[k] = this.labels.data[i];
    }
    let data = sortClasses({
      workers: w,
      tasks: t,
      labels: l,
      workerNames: workerNames.names,
      taskNames: tasksWithLabels.map((s) => String(this.taskIds.data[s])),
      classNames: this.classes.names,
    });
    const missing = [...this.extraClasses].filter((c) => !data.classNames.includes(c));
    if (missing.length > 0) data = { ...data, classNames: [...data.classNames, ...missing] };
    // Gold by the task's index, known from its slot: looking 1,000 gold tasks up by name built a map of
    // every task's name (~0.3 s a domain of 330,000 tasks, before its fit could start). In slot order, as
    // the gold was registered: a gold class no label uses is appended in that order.
    const goldList: { task: number; label: string }[] = [];
    for (const [slot, label] of this.gold) if (taskIndexOfSlot[slot] !== -1) goldList.push({ task: taskIndexOfSlot[slot], label });
    const encoded = encodeGoldAt(data, goldList);
    return { data: encoded.data, gold: this.gold.size > 0 ? encoded.gold : undefined };
  }
}

/** Room for this many domains in a packed place (slot × DOMAIN_SPAN + domain index). */
const DOMAIN_SPAN = 1 << 20;

/**
 * Every domain's labels, and where each task seen so far lives: one number per task (its domain and
 * slot packed), so a million tasks cost one map entry each and no objects.
 */
export class ProjectLabels {
  readonly domains = new Map<string, DomainLabels>();
  private readonly list: DomainLabels[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly placeOf = new Map<number, number>();

  has(taskId: number): boolean {
    return this.placeOf.has(taskId);
  }

  register(taskId: number, domain: string, isGold: boolean, goldClass: string | null, classes: readonly string[]): void {
    let d = this.domains.get(domain);
    if (!d) {
      if (this.list.length === DOMAIN_SPAN) throw new RangeError(`more than ${DOMAIN_SPAN} domains in one project`);
      this.domains.set(domain, (d = new DomainLabels()));
      this.indexOf.set(domain, this.list.length);
      this.list.push(d);
    }
    const slot = d.register(taskId, isGold, goldClass, classes);
    this.placeOf.set(taskId, slot * DOMAIN_SPAN + this.indexOf.get(domain)!);
  }

  /** One class label on a registered task. */
  add(taskId: number, userId: number, cls: string): void {
    const place = this.placeOf.get(taskId);
    if (place === undefined) throw new Error(`task ${taskId} was not registered`);
    this.list[place % DOMAIN_SPAN].add(Math.floor(place / DOMAIN_SPAN), userId, cls);
  }
}
