/**
 * The consensus batch's reading, a page at a time: decoding a page of annotations into classes
 * (`AnnotationDecoder`, which also names the tasks first seen in it), decoding those tasks
 * (`decodeTasks`), and adding both to the batch's labels (`absorbPage`, on the batch's thread). Decoded,
 * a page is typed arrays and short tables of strings, so that it crosses threads as a copy of a few
 * buffers (a page of row arrays took longer to copy than to read).
 */
import { categoricalLabel, plainChoice } from '../../domain/answers.js';
import type { ProjectConfig } from '../../domain/projects.js';
import type { BatchAnnotation, BatchTask } from '../../store/repositories/batchInputs.js';
import type { BatchJudgments } from '../cascade/afterBatch.js';
import type { ProjectLabels } from './batchLabels.js';
import { taskClasses } from './labels.js';

/** Annotations per page. */
export const BATCH_PAGE = 5000;

/** What the read worker is started with (readWorker.ts, readLabels.ts). */
export interface ReadWorkerData {
  file: string;
  projectId: number;
  upTo: number;
  config: Pick<ProjectConfig, 'type' | 'labels'>;
}

/** A page of annotations decoded: their classes, and the tasks first seen in it (to be read). */
export interface DecodedAnnotations {
  /** The page's annotations, those without a class included, and the last one's id (0 for an empty page: the end). */
  annotations: number;
  lastId: number;
  /** The tasks first seen in this page, in first-seen order. */
  unseen: number[];
  /** The annotations with a class, in id order: task, tutor, class (an index into `classes`). */
  labelTasks: Float64Array;
  labelUsers: Float64Array;
  labelClasses: Int32Array;
  classes: string[];
  /** A label project's classes first seen in this page, each with the labels as the response gave them. */
  labelsSeen: [string, string[]][];
  /** The unseen tasks, when the reader read them too. */
  tasks?: DecodedTasks;
}

/** The tasks first seen in a page, in that order: domain, gold (0/1), the gold answer's class (−1: none), the classes each may take; `strings` holds domains and classes, `classLists` the lists. */
export interface DecodedTasks {
  taskIds: Float64Array;
  taskDomains: Int32Array;
  taskIsGold: Uint8Array;
  taskGoldClasses: Int32Array;
  taskClassLists: Int32Array;
  strings: string[];
  classLists: string[][];
}

/** A page's strings, each kept once. */
class PageStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) this.index.set(s, (i = this.list.push(s) - 1));
    return i;
  }
}

/**
 * A set of task ids, a bit each, grown to the largest id: a Set of a million numbers cost ~0.5 s of a
 * million-task batch's 3 million lookups, on the reading thread the batch waits for.
 */
class IdBits {
  private bits = new Uint8Array(1 << 16);
  /** Adds `id` (a positive integer); whether it was new. */
  add(id: number): boolean {
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (id & 7);
    if (this.bits[byte] & bit) return false;
    this.bits[byte] |= bit;
    return true;
  }
}

/** Decodes the pages of one batch's annotations in order: it remembers the tasks already seen and the classes already given. */
export class AnnotationDecoder {
  private readonly seen = new IdBits();
  private readonly classesSeen = new Set<string>();

  constructor(private readonly type: string) {}

  decode(page: readonly BatchAnnotation[]): DecodedAnnotations {
    const type = this.type;
    const classes = new PageStrings();
    const unseen: number[] = [];
    const labelTasks = new Float64Array(page.length);
    const labelUsers = new Float64Array(page.length);
    const labelClasses = new Int32Array(page.length);
    const labelsSeen: [string, string[]][] = [];
    let n = 0;
    for (const [, taskId, userId, answer] of page) {
      if (this.seen.add(taskId)) unseen.push(taskId);
      const choice = type === 'preference' ? plainChoice(answer) : null;
      const response = choice === null ? (JSON.parse(answer) as Record<string, unknown>) : null;
      const cls = choice ?? categoricalLabel(type, response!);
      if (cls === null) continue;
      labelTasks[n] = taskId;
      labelUsers[n] = userId;
      labelClasses[n++] = classes.id(cls);
      if (type === 'label' && !this.classesSeen.has(cls)) {
        this.classesSeen.add(cls);
        labelsSeen.push([cls, response!.labels as string[]]);
      }
    }
    return {
      annotations: page.length,
      lastId: page.length > 0 ? page[page.length - 1][0] : 0,
      unseen,
      labelTasks: labelTasks.slice(0, n),
      labelUsers: labelUsers.slice(0, n),
      labelClasses: labelClasses.slice(0, n),
      classes: classes.list,
      labelsSeen,
    };
  }
}

/** `ids`: a page's unseen tasks; `tasks`: those tasks, in any order. */
export function decodeTasks(
  config: Pick<ProjectConfig, 'type' | 'labels'>,
  ids: readonly number[],
  tasks: readonly BatchTask[],
): DecodedTasks {
  const strings = new PageStrings();
  const lists = new PageStrings();
  const classLists: string[][] = [];
  const byId = new Map(tasks.map((t) => [t[0], t]));
  const out: DecodedTasks = {
    taskIds: new Float64Array(ids.length),
    taskDomains: new Int32Array(ids.length),
    taskIsGold: new Uint8Array(ids.length),
    taskGoldClasses: new Int32Array(ids.length),
    taskClassLists: new Int32Array(ids.length),
    strings: strings.list,
    classLists,
  };
  ids.forEach((id, k) => {
    const t = byId.get(id);
    if (!t) throw new Error(`task ${id} of an annotation is missing`);
    const [, domain, isGold, goldAnswer, responseIds] = t;
    const classes = taskClasses(config as ProjectConfig, { responses: responseIds.map((r) => ({ id: r })) });
    const gold = goldAnswer === null ? null : categoricalLabel(config.type, JSON.parse(goldAnswer) as Record<string, unknown>);
    const list = lists.id(JSON.stringify(classes));
    if (list === classLists.length) classLists.push(classes);
    out.taskIds[k] = id;
    out.taskDomains[k] = strings.id(domain);
    out.taskIsGold[k] = isGold === 1 ? 1 : 0;
    out.taskGoldClasses[k] = gold === null ? -1 : strings.id(gold);
    out.taskClassLists[k] = list;
  });
  return out;
}

/** Where the batch gathers what it reads. `judged` and `classesOf` only where a cascade decides on the batch's judgments. */
export interface BatchReading {
  labels: ProjectLabels;
  /** A label project's class → its labels as a response gave them. */
  labelsSeen: Map<string, string[]>;
  annotations: number;
  judged?: Map<number, BatchJudgments>;
  classesOf?: Map<number, readonly string[]>;
}

/** Adds a decoded page to the batch's reading: its tasks registered, then its labels. */
export function absorbPage(page: DecodedAnnotations, tasks: DecodedTasks, into: BatchReading): void {
  const { strings, classLists } = tasks;
  for (let k = 0; k < tasks.taskIds.length; k++) {
    const id = tasks.taskIds[k];
    const isGold = tasks.taskIsGold[k] === 1;
    const gold = tasks.taskGoldClasses[k];
    const classes = classLists[tasks.taskClassLists[k]];
    into.labels.register(id, strings[tasks.taskDomains[k]], isGold, gold === -1 ? null : strings[gold], classes);
    if (into.classesOf && !isGold) into.classesOf.set(id, classes);
  }
  into.annotations += page.annotations;
  for (let i = 0; i < page.labelTasks.length; i++) {
    const taskId = page.labelTasks[i];
    const userId = page.labelUsers[i];
    const cls = page.classes[page.labelClasses[i]];
    into.labels.add(taskId, userId, cls);
    const classes = into.classesOf?.get(taskId);
    if (into.judged && classes) {
      let j = into.judged.get(taskId) as { labels: string[]; workers: number[]; classes: readonly string[] } | undefined;
      if (!j) into.judged.set(taskId, (j = { labels: [], workers: [], classes }));
      j.labels.push(cls);
      j.workers.push(userId);
    }
  }
  for (const [cls, labels] of page.labelsSeen) if (!into.labelsSeen.has(cls)) into.labelsSeen.set(cls, labels);
}
