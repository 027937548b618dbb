/** Turn a store outcome for a lease into the typed error the caller sees. */
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { CompleteResult } from '../../store/repositories/routing.js';

export function conflictFor(status: Exclude<CompleteResult['status'], 'ok'>, assignmentId: number): Error {
  switch (status) {
    case 'not_found':
      return new NotFoundError(`assignment ${assignmentId}`);
    case 'not_yours':
      return new ForbiddenError('this assignment belongs to someone else');
    case 'expired':
      return new ConflictError('the lease on this task expired; ask for the next task');
    case 'used':
      return new ConflictError('this assignment was already submitted or skipped');
  }
}
