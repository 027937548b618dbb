/**
 * Proof that a `--url` run lost nothing: every submission the server acknowledged (201 with an
 * annotationId) is compared with what the server says it holds afterwards.
 *
 * - Non-gold submissions against the project's annotations export. The export carries no
 *   annotation id today, and names tutors by a pseudonym (an HMAC the client cannot compute), so
 *   each line is matched on what it does carry: the pseudonym is attributed to a simulated tutor by
 *   the lines whose (task, durationMs) fits exactly one acknowledged submission (a tutor's
 *   durations are drawn per judgment, so such lines are the rule), then every line is paired with
 *   the acknowledged submission of that tutor on that task, and its duration and response compared.
 *   When the export does carry `annotationId`, lines are paired by id instead.
 * - Gold submissions are never exported; they are checked with everything else through the
 *   server's per-tutor judgment counts (`GET /api/projects/:id/stats`, every annotation), which must
 *   equal the acknowledged submissions of each tutor.
 *
 * `lost`: acknowledged, not on the server. `unacknowledged`: on the server, never acknowledged —
 * possible only for a submit whose answer did not arrive (network error or 5xx: `unknownOutcome`).
 * 409s are not submissions: the lease had expired or was already used, nothing was stored, and
 * the task went back to the pool.
 */
import type { Ack, ExportLine, PerTutorStats } from './http.js';

export interface Accounting {
  ok: boolean;
  matchedBy: 'annotationId' | 'task, tutor pseudonym and duration';
  acknowledged: number;
  acknowledgedGold: number;
  exported: number;
  matched: number;
  lost: number;
  lostAnnotationIds: number[];
  /** Acknowledged ids repeated, or one acknowledged submission found in more than one export line. */
  duplicated: number;
  unacknowledged: number;
  /** Submits that got no usable answer (network error, 5xx): stored or not, the client cannot know. */
  unknownOutcome: number;
  /** 409 answers to submit. */
  conflicts: number;
  /** Export lines whose response differs from the acknowledged one. */
  responseMismatches: number;
  perTutor: { checked: number; mismatched: { tutor: number; acknowledged: number; server: number }[] };
  overOverlap: { taskId: string; judgments: number }[];
  repeatedTutorOnTask: { taskId: string; tutor: string }[];
  notes: string[];
}

export interface ReconcileInput {
  acks: readonly Ack[];
  exported: readonly ExportLine[];
  /** World external id → is it gold. */
  isGold: (taskId: string) => boolean;
  /** Same answer? (labels compared, not bytes: the server may normalise a response). */
  sameResponse: (taskId: string, a: unknown, b: unknown) => boolean;
  /** Most judgments a task may get. */
  overlap: number;
  unknownOutcome: number;
  conflicts: number;
  perTutorStats: readonly PerTutorStats[];
  /** Platform user id per world tutor. */
  userIds: readonly number[];
}

export interface Reconciled {
  accounting: Accounting;
  /** Export line index → world tutor (−1 when unattributed). */
  lineTutor: Int32Array;
  /** Export line index → index into `acks` of the acknowledged submission it is (−1: none). */
  lineAck: Int32Array;
}

export function reconcile(input: ReconcileInput): Reconciled {
  const { acks, exported } = input;
  const regularIdx = acks.map((_a, i) => i).filter((i) => !input.isGold(acks[i].taskId));
  const regular = regularIdx.map((i) => acks[i]);
  const idCounts = new Map<number, number>();
  for (const a of acks) idCounts.set(a.annotationId, (idCounts.get(a.annotationId) ?? 0) + 1);
  let duplicated = [...idCounts.values()].filter((n) => n > 1).length;

  const lineTutor = new Int32Array(exported.length).fill(-1);
  const pairedAck = new Int32Array(exported.length).fill(-1);
  const byId = exported.length > 0 && exported.every((l) => typeof l.annotationId === 'number');
  if (byId) {
    const ackIndex = new Map(regular.map((a, i) => [a.annotationId, i]));
    exported.forEach((l, i) => {
      pairedAck[i] = ackIndex.get(l.annotationId!) ?? -1;
      if (pairedAck[i] >= 0) lineTutor[i] = regular[pairedAck[i]].tutor;
    });
  } else {
    const byKey = new Map<string, number[]>();
    regular.forEach((a, i) => {
      const k = `${a.taskId}\u0000${a.durationMs}`;
      const list = byKey.get(k);
      if (list) list.push(i);
      else byKey.set(k, [i]);
    });
    // Votes: pseudonym → tutor → lines that fit exactly one acknowledged submission.
    const votes = new Map<string, Map<number, number>>();
    for (const l of exported) {
      const c = byKey.get(`${l.taskId}\u0000${l.durationMs}`);
      if (c?.length !== 1) continue;
      let v = votes.get(l.tutor);
      if (!v) votes.set(l.tutor, (v = new Map()));
      const t = regular[c[0]].tutor;
      v.set(t, (v.get(t) ?? 0) + 1);
    }
    const tutorOf = new Map<string, number>();
    for (const [pseudonym, v] of votes) tutorOf.set(pseudonym, [...v].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0]);
    const byTaskTutor = new Map(regular.map((a, i) => [`${a.taskId}\u0000${a.tutor}`, i]));
    exported.forEach((l, i) => {
      const t = tutorOf.get(l.tutor);
      if (t === undefined) return;
      lineTutor[i] = t;
      const k = byTaskTutor.get(`${l.taskId}\u0000${t}`);
      if (k !== undefined && regular[k].durationMs === l.durationMs) pairedAck[i] = k;
    });
  }

  const seen = new Int32Array(regular.length);
  let responseMismatches = 0,
    unacknowledged = 0;
  exported.forEach((l, i) => {
    const k = pairedAck[i];
    if (k < 0) {
      unacknowledged++;
      return;
    }
    if (seen[k]++ > 0) duplicated++;
    if (!input.sameResponse(l.taskId, regular[k].response, l.response)) responseMismatches++;
  });
  const lostAcks = regular.filter((_a, i) => seen[i] === 0);

  const perTask = new Map<string, number>(),
    perPair = new Map<string, number>();
  for (const l of exported) {
    if (l.correction) continue;
    perTask.set(l.taskId, (perTask.get(l.taskId) ?? 0) + 1);
    const k = `${l.taskId}\u0000${l.tutor}`;
    perPair.set(k, (perPair.get(k) ?? 0) + 1);
  }
  const overOverlap = [...perTask].filter(([, n]) => n > input.overlap).map(([taskId, judgments]) => ({ taskId, judgments }));
  const repeatedTutorOnTask = [...perPair]
    .filter(([, n]) => n > 1)
    .map(([k]) => {
      const [taskId, tutor] = k.split('\u0000');
      return { taskId, tutor };
    });

  const server = new Map(input.perTutorStats.map((s) => [s.userId, s.judgments]));
  const ackedBy = new Map<number, number>();
  for (const a of acks) ackedBy.set(a.tutor, (ackedBy.get(a.tutor) ?? 0) + 1);
  const mismatched: Accounting['perTutor']['mismatched'] = [];
  input.userIds.forEach((userId, tutor) => {
    const acknowledged = ackedBy.get(tutor) ?? 0,
      held = server.get(userId) ?? 0;
    if (acknowledged !== held) mismatched.push({ tutor, acknowledged, server: held });
  });
  const shortOnServer = mismatched.some((m) => m.server < m.acknowledged);
  const extraOnServer = mismatched.reduce((s, m) => s + Math.max(0, m.server - m.acknowledged), 0);

  const notes: string[] = [];
  if (input.conflicts > 0)
    notes.push(
      `${input.conflicts} submit(s) answered 409: the lease had expired (or was already used), nothing was stored and the task went back to the pool; they are not submissions`,
    );
  if (input.unknownOutcome > 0)
    notes.push(
      `${input.unknownOutcome} submit(s) got no usable answer (network error or 5xx); ${unacknowledged} export line(s) match no acknowledged submission`,
    );
  if (acks.length > regular.length)
    notes.push(
      `${acks.length - regular.length} gold submission(s) are not in the export (gold never is); they are checked through the server's per-tutor counts`,
    );

  const lost = lostAcks.length;
  const ok =
    lost === 0 &&
    duplicated === 0 &&
    responseMismatches === 0 &&
    !shortOnServer &&
    overOverlap.length === 0 &&
    repeatedTutorOnTask.length === 0 &&
    unacknowledged <= input.unknownOutcome &&
    extraOnServer <= input.unknownOutcome;
  return {
    lineTutor,
    lineAck: pairedAck.map((k) => (k >= 0 ? regularIdx[k] : -1)),
    accounting: {
      ok,
      matchedBy: byId ? 'annotationId' : 'task, tutor pseudonym and duration',
      acknowledged: acks.length,
      acknowledgedGold: acks.length - regular.length,
      exported: exported.length,
      matched: regular.length - lost,
      lost,
      lostAnnotationIds: lostAcks.slice(0, 50).map((a) => a.annotationId),
      duplicated,
      unacknowledged,
      unknownOutcome: input.unknownOutcome,
      conflicts: input.conflicts,
      responseMismatches,
      perTutor: { checked: input.userIds.length, mismatched: mismatched.slice(0, 50) },
      overOverlap: overOverlap.slice(0, 50),
      repeatedTutorOnTask: repeatedTutorOnTask.slice(0, 50),
      notes,
    },
  };
}
