/** Drafts of answers survive a reload: localStorage, keyed by assignment id, cleared on submit. */
const PREFIX = 'tutorloop:draft:';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

interface Stored<T> {
  savedAt: number;
  value: T;
}

export function loadDraft<T>(assignmentId: string | number): T | undefined {
  try {
    const raw = localStorage.getItem(PREFIX + assignmentId);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as Stored<T>;
    return s.value;
  } catch {
    return undefined;
  }
}

export function saveDraft<T>(assignmentId: string | number, value: T): void {
  try {
    localStorage.setItem(PREFIX + assignmentId, JSON.stringify({ savedAt: Date.now(), value } satisfies Stored<T>));
  } catch {
    /* storage full or disabled: drafts are a convenience */
  }
}

export function clearDraft(assignmentId: string | number): void {
  try {
    localStorage.removeItem(PREFIX + assignmentId);
  } catch {
    /* ignore */
  }
}

/** Drop drafts older than a week, so storage does not fill with abandoned leases. */
export function pruneDrafts(now = Date.now()): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (!k?.startsWith(PREFIX)) continue;
      const s = JSON.parse(localStorage.getItem(k) ?? 'null') as Stored<unknown> | null;
      if (!s || now - s.savedAt > MAX_AGE_MS) localStorage.removeItem(k);
    }
  } catch {
    /* ignore */
  }
}
