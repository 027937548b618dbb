/**
 * The categorical answer inside a response, for task types whose answers are classes: a preference's
 * choice, a label set (sorted, joined with "+"). Consensus, gold checks and economics compare these.
 * Null for other task types.
 */
// A stored preference is written by JSON.stringify of its schema, `{"choice":"…"…}`: when the id needs no
// escaping it is read by a slice, not a parse (the consensus batch and the dpo export read millions).
const PLAIN_CHOICE = /^\{"choice":"([^"\\]*)"[,}]/;

/** A stored preference response's choice when it can be read without parsing (see above), else null: parse it. */
export function plainChoice(response: string): string | null {
  return PLAIN_CHOICE.exec(response)?.[1] ?? null;
}

export function categoricalLabel(type: string, response: Record<string, unknown>): string | null {
  if (type === 'preference' && typeof response.choice === 'string') return response.choice;
  if (type === 'label' && Array.isArray(response.labels)) return [...(response.labels as string[])].sort().join('+');
  return null;
}
