/** Shapes shared by the two dialect implementations of the routing store. */

export interface LeaseRequest {
  projectId: number;
  userId: number;
  now: number;
  expiresAt: number;
  overlap: number;
  /** Task domains this tutor may receive; null = every domain of the project. */
  domains: string[] | null;
  /** is_gold values to try, in order. */
  pools: (0 | 1)[];
  /**
   * Domains where this tutor is trusted (routing/trust.ts): before the normal pool (is_gold = 0) they
   * try the uncertain pool in these domains. Absent or empty: today's order.
   */
  uncertainDomains?: string[];
  /** Cascade projects: the tutor's tier; regular tasks are served only at that tier's level. Absent: no cascade. */
  cascadeTier?: string;
  /**
   * How many live leases the user may hold in the project: 1 for people (`next` hands back the held
   * one), an AI judge's endpoint concurrency for tier model. Absent: 1.
   */
  maxLiveLeases?: number;
  sweepBatch: number;
}

export interface LeasedTask {
  assignmentId: number;
  expiresAt: number;
  taskId: number;
  domain: string;
  /** Payload JSON text exactly as stored. */
  payload: string;
  /** 1 for a gold task (kept by the lease lookup cache, never shown to the tutor). */
  isGold: number;
  /** True when the tutor already held this live lease (at their cap of live leases). */
  reused: boolean;
}

export interface CompleteRequest {
  assignmentId: number;
  userId: number;
  now: number;
  /** Only for submit. */
  annotation?: { response: string; durationMs: number };
  /** 'submit' stores the annotation; 'skip' gives the task back. */
  action: 'submit' | 'skip';
}

export type CompleteResult =
  | { status: 'ok'; annotationId: number | null }
  | { status: 'not_found' }
  | { status: 'not_yours' }
  | { status: 'expired' }
  | { status: 'used' };
