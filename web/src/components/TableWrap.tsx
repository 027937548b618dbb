/**
 * A table that may scroll sideways on a phone. A scrolling region must be reachable by keyboard
 * (WCAG 2.1.1), so it is a named, focusable region: Tab to it, then the arrow keys scroll it.
 */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus to be scrolled by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
