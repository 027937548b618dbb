/**
 * `annotations`: every annotation on non-gold tasks, in order: task id, a pseudonymous tutor id
 * (HMAC of the user id under the per-database secret: stable within a database, never the email or
 * the raw id), the tutor's tier, the domain, the response and time spent, and the task's stored
 * consensus (`consensusMeta`: method, version, confidence, annotator count, label and provenance).
 */
import { createHmac } from 'node:crypto';
import { annotationsPage } from '../../store/repositories/annotations.js';
import { consensusByExternalId } from '../../store/repositories/consensus.js';
import type { Db } from '../../store/transaction.js';
import { consensusMeta, EXPORT_PAGE, line } from './pages.js';

export function pseudonym(secret: string, userId: number): string {
  return `t_${createHmac('sha256', secret).update(`tutor:${userId}`).digest('hex').slice(0, 16)}`;
}

export async function* annotationLines(db: Db, projectId: number, secret: string): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const rows = await annotationsPage(db, projectId, after, EXPORT_PAGE);
    if (rows.length === 0) return;
    const consensus = await consensusByExternalId(db, projectId, rows.map((r) => r.externalId));
    for (const r of rows) {
      const c = consensus.get(r.externalId);
      yield line({
        taskId: r.externalId,
        tutor: pseudonym(secret, r.userId),
        tier: r.tier,
        domain: r.domain,
        response: JSON.parse(r.response) as unknown,
        durationMs: r.durationMs,
        createdAt: new Date(r.createdAt).toISOString(),
        ...(r.supersedesId !== null ? { correction: true } : {}),
        ...(c ? { taskConsensus: consensusMeta(c) } : {}),
      });
    }
    after = rows[rows.length - 1].id;
  }
}
