/**
 * The generation of the in-process bearer-token cache (authLookup.ts). Any write that can change
 * who a token belongs to or what that user may do bumps it, which empties the cache at once.
 */
let epoch = 0;

export function tokenCacheEpoch(): number {
  return epoch;
}

/** Forget every cached token (any user or token change: cheap, and such writes are rare). */
export function invalidateTokenCache(): void {
  epoch++;
}
