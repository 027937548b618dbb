/**
 * Renders untrusted Markdown. The HTML passed to the DOM always comes out of `renderMarkdown`,
 * which sanitizes it; this is the only component that sets inner HTML from task text.
 */
import { useEffect, useMemo, useState } from 'react';
import { hasMath, renderMarkdown } from '../lib/markdown.js';
import { loadMath, mathReady, onMathReady } from '../lib/math.js';

export function Markdown({ text, className, label }: { text: string; className?: string; label?: string }) {
  const needsMath = useMemo(() => hasMath(text), [text]);
  const [mathTick, setMathTick] = useState(0);
  useEffect(() => {
    if (!needsMath || mathReady()) return;
    const off = onMathReady(() => setMathTick((n) => n + 1));
    void loadMath();
    return off;
  }, [needsMath]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: mathTick re-renders once KaTeX has loaded
  const html = useMemo(() => renderMarkdown(text), [text, mathTick]);
  return label ? (
    // A named block is a region, so screen readers announce its name.
    <section
      className={`markdown ${className ?? ''}`}
      aria-label={label}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is DOMPurify's output, never the raw text
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <div
      className={`markdown ${className ?? ''}`}
      // Sanitized by renderMarkdown (marked → DOMPurify); raw HTML in the source is escaped.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is DOMPurify's output, never the raw text
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
