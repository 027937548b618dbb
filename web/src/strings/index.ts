/**
 * The app's words in one place, so they can be translated (English only today). Pages read them
 * from here rather than spelling them out; a translation is another object of the same shape.
 */
import { en } from './en.js';

export type Strings = typeof en;
export const strings: Strings = en;
