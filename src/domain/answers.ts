/**
 * The categorical answer inside a response, for task types whose answers are classes: a preference's
 * choice, a label set (sorted, joined with "+"). Consensus, gold checks and economics compare these.
 * Null for other task types.
 */
export function categoricalLabel(type: string, response: Record<string, unknown>): string | null {
  if (type === 'preference' && typeof response.choice === 'string') return response.choice;
  if (type === 'label' && Array.isArray(response.labels)) return [...(response.labels as string[])].sort().join('+');
  return null;
}
