/** The rules a project runs by now, as a definition list (see inForce.ts); its section names it. */
import type { PolicyFields } from './inForce.js';
import { rulesInForce } from './inForce.js';

export function InForce({ project }: { project: PolicyFields }) {
  return (
    <dl className="facts in-force">
      {rulesInForce(project).map((r) => (
        <div key={r.topic} className="fact">
          <dt>{r.topic}</dt>
          <dd>{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}
