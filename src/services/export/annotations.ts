/**
 * `annotations`: every annotation on non-gold tasks, in order: task id, a pseudonymous tutor id
 * (HMAC of the user id under the per-database secret: stable within a database, never the email or
 * the raw id), the tutor's tier, the domain, the response (a JSON string: its shape is the task type's),
 * the rationale, time spent, whether it corrects an earlier one, and the task's stored consensus.
 */
import { createHmac } from 'node:crypto';
import { annotationsPage } from '../../store/repositories/annotations.js';
import { consensusByExternalId } from '../../store/repositories/consensus.js';
import type { Db } from '../../store/transaction.js';
import { consensusMeta, EXPORT_PAGE, type Row } from './pages.js';

export function pseudonym(secret: string, userId: number): string {
  return `t_${createHmac('sha256', secret).update(`tutor:${userId}`).digest('hex').slice(0, 16)}`;
}

export async function* annotationRows(db: Db, projectId: number, secret: string): AsyncGenerator<Row> {
  let after = 0;
  for (;;) {
    const rows = await annotationsPage(db, projectId, after, EXPORT_PAGE);
    if (rows.length === 0) return;
    const consensus = await consensusByExternalId(
      db,
      projectId,
      rows.map((r) => r.externalId),
    );
    for (const r of rows) {
      const c = consensus.get(r.externalId);
      const response = JSON.parse(r.response) as { rationale?: string };
      yield {
        taskId: r.externalId,
        tutor: pseudonym(secret, r.userId),
        tier: r.tier,
        domain: r.domain,
        response: r.response,
        rationale: typeof response.rationale === 'string' ? response.rationale : null,
        durationMs: r.durationMs,
        createdAt: new Date(Number(r.createdAt)).toISOString(),
        correction: r.supersedesId !== null,
        taskConsensus: c ? consensusMeta(c) : null,
      };
    }
    after = rows[rows.length - 1].id;
  }
}
