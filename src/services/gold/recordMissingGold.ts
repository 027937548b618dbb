/**
 * Live gold is recorded after the submit's reply (submitAnnotation.ts `afterSubmit`), so a crash in
 * between can leave a gold judgment without its result. The server runs this when it starts: every
 * such judgment gets its result, as the live path would have written it. One pass, in id order.
 */
import { goldAnnotationsWithoutResult } from '../../store/repositories/goldResults.js';
import { projectById } from '../../store/repositories/lookups.js';
import type { ServiceContext } from '../context.js';
import { recordLiveGold } from './recordLiveGold.js';

const PAGE = 500;

/** Returns how many gold judgments it looked at. */
export async function recordMissingGold(ctx: ServiceContext): Promise<number> {
  let after = 0;
  let seen = 0;
  for (;;) {
    const page = await goldAnnotationsWithoutResult(ctx.store.db, after, PAGE);
    for (const a of page) {
      const project = await projectById(ctx.store, a.projectId);
      if (project) await recordLiveGold(ctx, project, a.userId, a.annotationId, JSON.parse(a.response) as Record<string, unknown>);
    }
    seen += page.length;
    if (page.length < PAGE) return seen;
    after = page[page.length - 1].annotationId;
  }
}
