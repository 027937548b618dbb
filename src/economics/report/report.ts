/** What every report renders to: Markdown plus the SVG charts it references; the caller writes the files. */
export interface ReportFile {
  name: string;
  content: string;
}

export interface Report {
  markdown: string;
  /** SVG charts, referenced from the Markdown by relative name. */
  files: ReportFile[];
}
