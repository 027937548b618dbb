/**
 * The app's words in one place, so they can be translated (English only today). Pages read them
 * from here rather than spelling them out; a translation is another object of the same shape.
 *
 * The words of a lazily loaded area live in that area's own module (strings/admin.ts,
 * strings/manager*.ts), imported by its pages directly rather than through `strings`, so they load
 * with the area's chunk and the first load stays small; a translation replaces those modules too.
 */
import { en } from './en.js';

export type Strings = typeof en;
export const strings: Strings = en;
