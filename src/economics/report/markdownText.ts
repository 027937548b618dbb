/**
 * Text from the database (project and tutor names) written into Markdown: every character that
 * could start markup (HTML, links, images, code, emphasis, table cells, headings) is
 * backslash-escaped and line breaks become spaces, so a name is shown, never interpreted.
 */
const MARKUP = /[\\`*_[\]()<>|!#~&{}]/g;

export function markdownText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(MARKUP, (c) => `\\${c}`);
}
