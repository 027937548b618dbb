/**
 * The app's words live in web/src/strings/ so they can be translated (issue 15). This keeps it true
 * for the manager's Quality, Cost and Settings pages: their TSX spells out no words of its own, neither
 * as JSX text nor as a string written straight into a prop people read or hear (aria-label, title…).
 * Parsed with the TypeScript compiler rather than matched with a regular expression, so a `>` in an
 * arrow function or a comparison can neither hide a word nor raise a false alarm.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const FOLDERS = ['web/src/manager/quality', 'web/src/manager/cost', 'web/src/manager/settings'];

/** Props whose value a person reads or a screen reader speaks (`doing` and `what` end up in sentences). */
const WORDY_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'summary',
  'doing',
  'what',
]);
const hasLetters = (text: string) => /\p{L}/u.test(text);

/** Every inline word in a TSX source, as "line: text" (empty when all words come from strings/). */
function inlineWords(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) =>
    found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${text.trim().replace(/\s+/g, ' ')}`);
  /** A literal written in place: 'text', "text", `text` or `text ${x} more` (its fixed parts). */
  const literalText = (e: ts.Expression | undefined): string | undefined => {
    if (!e) return undefined;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
    if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
    return undefined;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasLetters(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      // {'words'} or {`words ${n}`} as a child: JSX text in disguise.
      const text = literalText(node.expression);
      if (text !== undefined && hasLetters(text)) report(node, text);
    }
    if (ts.isJsxAttribute(node) && WORDY_PROPS.has(node.name.getText(file))) {
      const init = node.initializer;
      const text = init && (ts.isStringLiteral(init) ? init.text : ts.isJsxExpression(init) ? literalText(init.expression) : undefined);
      if (text !== undefined && hasLetters(text)) report(node, `${node.name.getText(file)}=${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const tsxFiles = FOLDERS.flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => join(ROOT, folder, name)),
);

describe('the words of the Quality, Cost and Settings pages', () => {
  it('finds the TSX files it guards', () => {
    expect(tsxFiles.length).toBeGreaterThanOrEqual(15);
  });

  it.each(tsxFiles.map((path) => [relative(ROOT, path), path]))('%s reads every word from web/src/strings/', (_name, path) => {
    expect(inlineWords(path, readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('would catch each way a word can be spelled out inline', () => {
    const source = [
      'const a = <h2 id="x" className="muted">Agreement</h2>;',
      'const b = <table aria-label="Cost by tutor" />;',
      `const c = <input placeholder={\`domain of \${name}\`} title={"Help"} />;`,
      "const d = <p>{'n/a'}</p>;",
      'const e = <ErrorMessage doing="load the projects" />;',
    ].join('\n');
    expect(inlineWords('example.tsx', source)).toEqual([
      '1: Agreement',
      '2: aria-label=Cost by tutor',
      '3: placeholder=domain of',
      '3: title=Help',
      '4: n/a',
      '5: doing=load the projects',
    ]);
  });

  it('lets words read from strings/ and markup without words through', () => {
    const source = [
      'const a = <h2 id="agreement-title" className="muted">{s.title}</h2>;',
      'const b = <table aria-label={s.tableLabel} />;',
      'const c = <td className="num">{x > 0 ? s.some(x) : s.none} / {n}</td>;',
      "const d = <div style={{ display: 'grid' }}>{' '}—{' '}</div>;",
    ].join('\n');
    expect(inlineWords('example.tsx', source)).toEqual([]);
  });
});
