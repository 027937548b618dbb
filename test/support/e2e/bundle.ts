/** Gzipped size of the JavaScript the built app loads, computed from dist/web with node:zlib. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './server.js';

const WEB = join(ROOT, 'dist/web');

export function gzipBytes(assetPath: string): number {
  return gzipSync(readFileSync(join(WEB, assetPath.replace(/^\//, '')))).length;
}

/** The scripts index.html itself loads (entry + modulepreloads): the first-load JS of every page. */
export function entryScripts(): string[] {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]);
  return [...new Set([...srcs, ...preloads])];
}

export function sizeReport(paths: string[]): { files: { path: string; gzipBytes: number }[]; totalGzipBytes: number } {
  const files = paths.map((p) => ({ path: p, gzipBytes: gzipBytes(p) }));
  return { files, totalGzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0) };
}
