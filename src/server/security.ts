/**
 * Response headers that make the browser refuse what we never do: inline scripts, framing,
 * MIME sniffing. Styles may be inline because KaTeX and ECharts set style attributes.
 */
import type { FastifyInstance } from 'fastify';

/**
 * The directives a document can carry in a <meta> tag too (the web build embeds them as defence in
 * depth); `frame-ancestors` is only honoured as a header, so it is added below, not here.
 */
export const DOCUMENT_CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

export const CONTENT_SECURITY_POLICY = [...DOCUMENT_CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // API answers are private to the caller: never let a shared cache keep them.
    if (request.url.startsWith('/api/') && request.url !== '/api/openapi.json') reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
