/**
 * KaTeX, loaded on first use: most tasks carry no math, so the tutor page does not pay for it up front.
 * Until it has loaded, math shows as its TeX source; `onMathReady` lets views re-render once it is in.
 */
type Katex = typeof import('katex').default;

let katex: Katex | null = null;
let loading: Promise<void> | null = null;
const waiting = new Set<() => void>();

export function mathReady(): boolean {
  return katex !== null;
}

export function loadMath(): Promise<void> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => {
    katex = m.default;
    waiting.forEach((fn) => fn());
    waiting.clear();
  });
  return loading;
}

export function onMathReady(fn: () => void): () => void {
  if (katex) return () => {};
  waiting.add(fn);
  return () => {
    waiting.delete(fn);
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** TeX to HTML. `trust: false` keeps \href, \url and friends from producing links or scripts. */
export function renderMath(tex: string, display: boolean): string {
  if (!katex) {
    void loadMath();
    return `<code class="math-pending">${escapeHtml(display ? `$$${tex}$$` : `$${tex}$`)}</code>`;
  }
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: false, trust: false, strict: 'ignore', maxExpand: 500 });
  } catch {
    return `<code>${escapeHtml(tex)}</code>`;
  }
}
