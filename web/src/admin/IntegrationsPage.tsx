/** /admin/integrations: single sign-on and webhooks (admins; the server refuses anyone else). */
import { SsoPanel } from './SsoPanel.js';
import { WebhooksPanel } from './WebhooksPanel.js';
import { adminStrings } from '../strings/admin.js';

export default function IntegrationsPage() {
  return (
    <section aria-labelledby="integrations-title">
      <h1 id="integrations-title">{adminStrings.integrations.title}</h1>
      <SsoPanel />
      <WebhooksPanel />
    </section>
  );
}
