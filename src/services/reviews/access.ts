/**
 * Who may see and decide which reviews: managers and admins every domain; a reviewer only the domains
 * in which they hold an active certification (not the domains on their profile); tutors none.
 */
import { ForbiddenError } from '../../domain/errors.js';
import { atLeast } from '../../domain/users.js';
import { certifiedDomains } from '../../store/repositories/certifications.js';
import type { Db } from '../../store/transaction.js';
import type { Actor } from '../context.js';

/** The domains the actor may review, or undefined for all of them. */
export async function reviewDomains(db: Db, actor: Actor): Promise<string[] | undefined> {
  if (atLeast(actor.role, 'manager')) return undefined;
  if (actor.role !== 'reviewer') throw new ForbiddenError('the review queue is for reviewers and managers');
  return certifiedDomains(db, actor.id);
}

export async function assertMayReview(db: Db, actor: Actor, domain: string): Promise<void> {
  const domains = await reviewDomains(db, actor);
  if (domains && !domains.includes(domain)) {
    throw new ForbiddenError(`reviewing needs an active certification in the domain "${domain}"`);
  }
}
