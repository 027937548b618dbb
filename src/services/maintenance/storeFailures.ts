/**
 * What a database failure means for a caller (503 with retry-after, or 507 for a full disk), as the
 * store classifies it. Front ends read it here, so none of them needs to know the store's errors.
 */
export { outageReporter, storeFailureOf, type StoreFailure } from '../../store/outage.js';
