/**
 * The app's words in one place, so they can be translated (English only today). Pages read them
 * from here rather than spelling them out; a translation is another object of the same shape.
 *
 * The words of a lazily loaded area live in that area's own module, imported by its pages directly
 * rather than through `strings`, so they load with the area's chunk and the first load stays small; a
 * translation replaces those modules too:
 * - strings/admin.ts: the admin console (web/src/admin/);
 * - strings/manager.ts: the manager dashboards (projects, progress, people, tasks, import, export, cost…);
 * - strings/managerQuality.ts: the Quality dashboard's sections (manager/quality/);
 * - strings/managerCost.ts: the Cost dashboard's sections (manager/cost/);
 * - strings/managerSettings.ts: a project's settings page and its rules in force (manager/settings/).
 * The rest (en.ts with audit.ts, review.ts, tokens.ts, tutor.ts, users.ts) is `strings` itself.
 * test/unit/web/stringsInOnePlace.test.ts keeps the Quality, Cost and Settings TSX free of inline words.
 */
import { en } from './en.js';

export type Strings = typeof en;
export const strings: Strings = en;
