/**
 * The server's clock as seen from here. Lease expiry times come from the server; if this machine's
 * clock is off by more than a few seconds, the countdown uses the server's `Date` header instead.
 */
let offsetMs = 0;

export function noteServerDate(header: string | null): void {
  if (!header) return;
  const t = Date.parse(header);
  if (Number.isNaN(t)) return;
  const o = t - Date.now();
  // The header has 1-second resolution: ignore differences that small.
  offsetMs = Math.abs(o) > 5000 ? o : 0;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}
