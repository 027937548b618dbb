/** The rules a project runs by now, as a definition list (see inForce.ts). */
import type { PolicyFields } from './inForce.js';
import { rulesInForce } from './inForce.js';

export function InForce({ project, label }: { project: PolicyFields; label?: string }) {
  return (
    <dl className="facts in-force" aria-label={label}>
      {rulesInForce(project).map((r) => (
        <div key={r.topic} className="fact">
          <dt>{r.topic}</dt>
          <dd>{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}
