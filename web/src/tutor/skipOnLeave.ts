/**
 * A held skip sent while the page goes away: `keepalive` lets the request outlive the page, so the
 * lease goes back to the pool now rather than when it expires. Best effort: if it is lost, the
 * lease still runs out on its own and `next` gives the tutor the same task when they come back.
 */
export function sendSkipOnLeave(assignmentId: string | number): void {
  void fetch(`/api/assignments/${encodeURIComponent(String(assignmentId))}/skip`, {
    method: 'POST',
    credentials: 'same-origin',
    keepalive: true,
  }).catch(() => undefined);
}
