/**
 * `annotations`: every annotation on non-gold tasks, in order: task id, a pseudonymous tutor id
 * (HMAC of the user id under the per-database secret: stable within a database, never the email or
 * the raw id), the tutor's tier, the domain, the response (a JSON string: its shape is the task type's),
 * the rationale, time spent, whether it corrects an earlier one, and the task's stored consensus.
 */
import { createHmac } from 'node:crypto';
import type { Store } from '../../store/database.js';
import { annotationExportPage, userTiers } from '../../store/repositories/annotationExport.js';
import type { StoredConsensus } from '../../store/repositories/consensus.js';
import { consensusMeta, type IdSlice, type Row, WHOLE } from './pages.js';

/** Annotations per page: rows are small, and fewer round trips matter on PostgreSQL. */
const ANNOTATION_PAGE = 5000;

export function pseudonym(secret: string, userId: number): string {
  return `t_${createHmac('sha256', secret).update(`tutor:${userId}`).digest('hex').slice(0, 16)}`;
}

export async function* annotationRows(
  store: Store,
  projectId: number,
  secret: string,
  pageSize = ANNOTATION_PAGE,
  slice: IdSlice = WHOLE,
): AsyncGenerator<Row> {
  // One HMAC and one tier lookup per tutor, not per line.
  const tutors = new Map<number, { tutor: string; tier: string }>();
  let next = annotationExportPage(store, projectId, slice.afterId, pageSize, slice.throughId);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    // The next page is asked for before this one is formed: on PostgreSQL the database reads it meanwhile
    // (the export's process waited for each page a quarter of its time).
    next = annotationExportPage(store, projectId, rows[rows.length - 1].id, pageSize, slice.throughId);
    // Awaited on the next turn; an export abandoned before then (the client went away) must not leave it unhandled.
    next.catch(() => undefined);
    const unknown = [...new Set(rows.map((r) => r.userId).filter((id) => !tutors.has(id)))];
    if (unknown.length > 0) {
      const tiers = await userTiers(store, unknown);
      for (const id of unknown) tutors.set(id, { tutor: pseudonym(secret, id), tier: tiers.get(id) ?? '' });
    }
    // A task's consensus meta once per page, not once per annotation (the page shares its consensus objects).
    const metaOf = new Map<StoredConsensus, ReturnType<typeof consensusMeta>>();
    for (const r of rows) {
      // Most responses carry no rationale: parse only those that may.
      const response = r.response.includes('"rationale"') ? (JSON.parse(r.response) as { rationale?: string }) : {};
      const t = tutors.get(r.userId)!;
      yield {
        taskId: r.externalId,
        tutor: t.tutor,
        tier: t.tier,
        domain: r.domain,
        response: r.response,
        rationale: typeof response.rationale === 'string' ? response.rationale : null,
        durationMs: r.durationMs,
        createdAt: new Date(r.createdAt).toISOString(),
        correction: r.supersedesId !== null,
        taskConsensus: r.consensus ? taskMeta(metaOf, r.consensus) : null,
      };
    }
  }
}

function taskMeta(metaOf: Map<StoredConsensus, ReturnType<typeof consensusMeta>>, c: StoredConsensus) {
  let meta = metaOf.get(c);
  if (!meta) metaOf.set(c, (meta = consensusMeta(c)));
  return meta;
}
