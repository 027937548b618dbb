/** The cascade's fields (issue 13 §4): tiers in order, target confidence, expert-only domains, budget. */
import type { Project, Tier } from '../../api/types.js';
import { managerSettingsStrings } from '../../strings/managerSettings.js';

const S = managerSettingsStrings.cascade;

type Cascade = NonNullable<Project['cascade']>;

const ALL_TIERS: Tier[] = ['model', 'generalist', 'specialist'];

/** "model, generalist, specialist" → the tiers, in order (unknown words are dropped; the server checks the rest). */
function tiersOf(text: string): Tier[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t): t is Tier => (ALL_TIERS as string[]).includes(t));
}

export function CascadeFields({
  cascade,
  domains,
  onChange,
}: {
  cascade: Cascade | undefined;
  domains: string[];
  onChange: (c: Cascade | undefined) => void;
}) {
  const set = (patch: Partial<Cascade>) => cascade && onChange({ ...cascade, ...patch });
  return (
    <div className="form-grid">
      <span className="label" />
      <label className="inline-check" htmlFor="cs-on">
        <input
          id="cs-on"
          type="checkbox"
          checked={cascade !== undefined}
          onChange={(e) =>
            onChange(
              e.target.checked ? { tiers: [...ALL_TIERS], targetConfidence: 0.9, expertOnly: [], judgments: { model: 1 } } : undefined,
            )
          }
        />{' '}
        {S.on}
      </label>
      {cascade && (
        <>
          <label htmlFor="cs-tiers">{S.tiers}</label>
          <input id="cs-tiers" value={cascade.tiers.join(', ')} onChange={(e) => set({ tiers: tiersOf(e.target.value) })} />
          <label htmlFor="cs-target">{S.target}</label>
          <input
            id="cs-target"
            type="number"
            min="51"
            max="99.9"
            step="0.1"
            value={Math.round(cascade.targetConfidence * 1000) / 10}
            onChange={(e) => set({ targetConfidence: Number(e.target.value) / 100 })}
          />
          <span className="label" id="cs-expert-label">
            {S.expertOnly}
          </span>
          <fieldset aria-labelledby="cs-expert-label" className="inline-checks bare">
            {domains.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={cascade.expertOnly.includes(d)}
                  onChange={(e) =>
                    set({ expertOnly: e.target.checked ? [...cascade.expertOnly, d] : cascade.expertOnly.filter((x) => x !== d) })
                  }
                />{' '}
                {d}
              </label>
            ))}
          </fieldset>
          <label htmlFor="cs-budget">{S.budget}</label>
          <input
            id="cs-budget"
            type="number"
            min="0"
            step="1"
            value={cascade.budgetCents === undefined ? '' : cascade.budgetCents / 100}
            onChange={(e) =>
              set({ budgetCents: e.target.value === '' ? undefined : Math.max(1, Math.round(Number(e.target.value) * 100)) })
            }
          />
        </>
      )}
    </div>
  );
}
