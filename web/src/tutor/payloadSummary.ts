/** A task in one line for a list: its prompt, else the text or the first message, cut to a readable length. */
const MAX = 240;

export function payloadSummary(payload: unknown): string {
  const p = (payload ?? {}) as { prompt?: unknown; text?: unknown; messages?: { content?: unknown }[] };
  const first = Array.isArray(p.messages) ? p.messages.find((m) => typeof m?.content === 'string')?.content : undefined;
  const text = [p.prompt, p.text, first].find((v): v is string => typeof v === 'string') ?? '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
}
