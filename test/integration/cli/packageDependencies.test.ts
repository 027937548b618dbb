/**
 * What an install without dev dependencies (`npm ci --omit=dev`) needs: every package the CLI bundle
 * (build:cli, which serves the API too) imports at run time is in `dependencies`, and `dependencies`
 * holds nothing else. The bundle keeps packages external, so esbuild's metafile lists exactly those.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../../support/cliBundle.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

describe('package.json dependencies', () => {
  let imported: string[];

  beforeAll(async () => {
    const { metafile, remove } = await buildCliBundle();
    remove();
    const specifiers = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    imported = [...new Set(specifiers.filter((s) => !isBuiltin(s)).map(packageOf))].sort();
  }, 120_000);

  it('reads a plausible set of run-time imports from the bundle', () => {
    expect(imported).toContain('fastify');
    expect(imported).toContain('commander');
  });

  it('lists every package the CLI imports at run time as a dependency', () => {
    const missing = imported.filter((name) => !(name in pkg.dependencies));
    expect(missing, `imported at run time but not in dependencies: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists no dependency that nothing imports at run time (tools belong in devDependencies)', () => {
    const unused = Object.keys(pkg.dependencies).filter((name) => !imported.includes(name));
    expect(unused, `in dependencies but not imported by the CLI: ${unused.join(', ')}`).toEqual([]);
  });

  it('keeps tsx for development only: the bundle does not need it', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(imported).not.toContain('tsx');
  });
});

describe('packageOf', () => {
  it('names the package of a specifier', () => {
    expect([packageOf('tsx/esm/api'), packageOf('@fastify/swagger'), packageOf('@scope/x/y'), packageOf('pg')]).toEqual([
      'tsx',
      '@fastify/swagger',
      '@scope/x',
      'pg',
    ]);
  });
});
