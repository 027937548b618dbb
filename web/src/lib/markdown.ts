/**
 * Untrusted text to safe HTML: marked (Markdown) → math via KaTeX → code via highlight.js → DOMPurify.
 *
 * Task text is untrusted. Raw HTML inside it is shown as text (a model that wrote `<script>` should be
 * seen writing it, not run); links keep only http(s) and mailto targets and open with rel=noopener;
 * DOMPurify then removes anything executable that might still have slipped through.
 */
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { highlight } from './highlight.js';
import { escapeHtml, renderMath } from './math.js';

const SAFE_URL = /^(?:https?:|mailto:)/i;

const mathExtension = {
  extensions: [
    {
      name: 'mathBlock',
      level: 'block' as const,
      start: (src: string) => src.match(/\$\$/)?.index,
      tokenizer(src: string) {
        const m = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
        return m ? { type: 'mathBlock', raw: m[0], text: m[1].trim() } : undefined;
      },
      renderer: (t: Tokens.Generic) => `<div class="math-block">${renderMath(t.text as string, true)}</div>`,
    },
    {
      name: 'mathInline',
      level: 'inline' as const,
      start: (src: string) => src.match(/\$/)?.index,
      tokenizer(src: string) {
        // $$…$$ inline, or $…$ where the inside does not start/end with a space and no digit follows
        // the closing $ (so "$5 and $10" stays money).
        const m = /^\$\$([^$]+?)\$\$/.exec(src) ?? /^\$(?=\S)((?:\\\$|[^$\n])+?)(?<=\S)\$(?!\d)/.exec(src);
        if (!m) return undefined;
        return { type: 'mathInline', raw: m[0], text: m[1], display: m[0].startsWith('$$') };
      },
      renderer: (t: Tokens.Generic) => renderMath(t.text as string, Boolean(t.display)),
    },
  ],
};

const marked = new Marked({ gfm: true, breaks: false, async: false }, mathExtension, {
  renderer: {
    // Raw HTML in the source is displayed, never interpreted.
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    code({ text, lang }: Tokens.Code) {
      const hl = highlight(text, lang);
      const cls = hl ? ` class="hljs language-${escapeHtml((lang ?? '').split(/\s/)[0])}"` : '';
      return `<pre><code${cls}>${hl ?? escapeHtml(text)}</code></pre>\n`;
    },
  },
});

let hooked = false;
function installHooks() {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_URL.test(href.trim())) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (!/^https?:/i.test(src.trim())) node.removeAttribute('src');
      node.setAttribute('loading', 'lazy');
      node.setAttribute('referrerpolicy', 'no-referrer');
    }
  });
}

const PURIFY = {
  FORBID_TAGS: [
    'script',
    'style',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'link',
    'meta',
    'base',
    'template',
    'noscript',
  ],
  FORBID_ATTR: ['srcset', 'action', 'formaction', 'xlink:href', 'ping'],
  ALLOW_DATA_ATTR: false,
};

/** Sanitize an HTML string (for HTML we built ourselves from untrusted parts). */
export function sanitize(html: string): string {
  installHooks();
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}

/** Markdown (untrusted) to sanitized HTML. */
export function renderMarkdown(src: string): string {
  const html = marked.parse(src ?? '') as string;
  return sanitize(html);
}

/** Does this text carry math that needs KaTeX? */
export function hasMath(src: string): boolean {
  return /\$\$[\s\S]+?\$\$|\$\S[^$\n]*?\S?\$/.test(src);
}
