/** How long the tutor still holds this task. Turns amber in the last five minutes, red when gone. */
import { useEffect, useState } from 'react';
import { serverNow } from '../lib/clock.js';
import { countdown } from '../lib/format.js';

export function LeaseTimer({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => serverNow());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new lease (expiresAt) restarts the clock
  useEffect(() => {
    setNow(serverNow());
    const t = window.setInterval(() => setNow(serverNow()), 1000);
    return () => window.clearInterval(t);
  }, [expiresAt]);
  const left = end - now;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fire once when the lease runs out, not on every tick or new callback
  useEffect(() => {
    if (left <= 0) onExpire?.();
  }, [left <= 0]);
  if (!Number.isFinite(end)) return null;
  const cls = left <= 0 ? 'expired' : left < 5 * 60_000 ? 'warn' : '';
  return (
    <span className={`lease-timer ${cls}`} role="timer" aria-live="off" title={`Held until ${new Date(end).toLocaleTimeString()}`}>
      <span className="muted">Time left</span> <strong>{left <= 0 ? 'expired' : countdown(left)}</strong>
    </span>
  );
}
