/** `tutorloop report --project` writes names from the database as text, never as Markdown or HTML (#12 item 10). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { runReport } from '../../../src/cli/commands/report.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

const HOSTILE_PROJECT = 'Q3 <img src=x onerror=alert(1)> [click](javascript:alert(2)) | x\n# injected heading';
const HOSTILE_TUTOR = '<script>alert(3)</script> ![pixel](https://evil.example/p.png) `code` *bold*';

describe.each(testDatabases())('report escaping on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('escapes project and tutor names in report.md', async () => {
    const url = await freshUrl();
    h = await harness(url);
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: HOSTILE_PROJECT, type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t1'), preferenceLine('t2')));
    const tutor = await addUser(h.store, { name: HOSTILE_TUTOR });
    for (let n = await nextAssignment(h.ctx, tutor, p.id); n; n = await nextAssignment(h.ctx, tutor, p.id)) {
      await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
    }
    const out = mkdtempSync(join(tmpdir(), 'tutorloop-report-'));
    await runReport({ project: String(p.id), db: url, out });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    // No raw markup survives: every tag, link and image opener is escaped, and the name stays on its heading line.
    expect(md).not.toMatch(/(^|[^\\])<(img|script)/);
    expect(md).not.toMatch(/(^|[^\\])!\[pixel/);
    expect(md).not.toMatch(/(^|[^\\])\[click/);
    expect(md).not.toMatch(/^# injected heading/m);
    expect(md).toContain(
      '# Project report: Q3 \\<img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(javascript:alert\\(2\\)\\) \\| x \\# injected heading',
    );
    expect(md).toContain('\\<script\\>alert\\(3\\)\\</script\\> \\!\\[pixel\\]\\(https://evil.example/p.png\\) \\`code\\` \\*bold\\*');
  });
});
