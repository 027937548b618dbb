/**
 * The layer rules of docs/architecture.md, as "never" arrows that dependency-cruiser checks.
 * `npm run lint:deps` prints the violations; test/unit/architecture/layers.test.ts fails on any.
 *
 *   domain ◄── quality ◄── economics           (pure: no database, no HTTP, no clock)
 *     ▲           ▲
 *     └─ routing ─┘                           (decides; store persists what it decided)
 *   store ◄── services ◄── server, cli, simulator (front ends)
 *
 * Each rule names the layer it protects and says why; a rule's `from` is the importer, `to` what it
 * must never import.
 */
const src = (...layers) => `^src/(${layers.join('|')})/`;

/** I/O that a pure layer must never reach: databases, HTTP, files, processes, threads. */
const IO_MODULES = [
  '^(node:)?(fs|fs/promises|http|https|http2|net|dgram|child_process|cluster|worker_threads|os|readline)$',
  '^node_modules/(kysely|pg|better-sqlite3|fastify|@fastify/[^/]+|commander|cli-progress)/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment: 'domain/ is the core every layer shares (types, zod schemas, errors); it depends on nothing of ours.',
      severity: 'error',
      from: { path: src('domain') },
      to: { path: '^src/', pathNot: src('domain') },
    },
    {
      name: 'quality-imports-only-domain',
      comment: 'The quality engine is pure functions over plain arrays: domain/ and itself only.',
      severity: 'error',
      from: { path: src('quality') },
      to: { path: '^src/', pathNot: src('domain', 'quality') },
    },
    {
      name: 'economics-imports-only-domain-and-quality',
      comment: 'Economics is pure: cost and quality-adjusted cost over plain arrays. The simulator that drives the platform lives in simulator/.',
      severity: 'error',
      from: { path: src('economics') },
      to: { path: '^src/', pathNot: src('domain', 'quality', 'economics') },
    },
    {
      name: 'routing-imports-only-domain-and-quality',
      comment: 'routing/ decides (eligibility, overlap, leases, gold mixing); store/ persists. It never reaches the store or the services.',
      severity: 'error',
      from: { path: src('routing') },
      to: { path: '^src/', pathNot: src('domain', 'quality', 'routing') },
    },
    {
      name: 'pure-layers-do-no-io',
      comment: 'domain/, quality/, economics/ and routing/ touch no database, network, file or process: callers pass data in.',
      severity: 'error',
      from: { path: src('domain', 'quality', 'economics', 'routing') },
      to: { path: IO_MODULES },
    },
    {
      name: 'store-never-imports-use-cases-or-front-ends',
      comment: 'The store persists; it knows nothing of the use cases or of who calls them.',
      severity: 'error',
      from: { path: src('store') },
      to: { path: src('services', 'server', 'cli', 'simulator', 'demo', 'economics') },
    },
    {
      name: 'only-store-speaks-sql',
      comment: 'SQL lives only in store/: the query builder and the drivers are imported nowhere else.',
      severity: 'error',
      from: { path: '^src/', pathNot: src('store') },
      to: { path: '^node_modules/(kysely|pg|better-sqlite3)/' },
    },
    {
      name: 'services-never-import-front-ends',
      comment: 'Use cases are shared by every front end (server, CLI, simulator, demo seeding); they never call one.',
      severity: 'error',
      from: { path: src('services') },
      to: { path: src('server', 'cli', 'simulator', 'demo') },
    },
    {
      name: 'server-never-imports-store',
      comment: 'Routes call one service each; the server reaches the database only through services/.',
      severity: 'error',
      from: { path: src('server') },
      to: { path: src('store') },
    },
    {
      name: 'server-never-imports-other-front-ends',
      comment: 'server/, cli/ and simulator/ are siblings: the CLI may start the server, never the reverse.',
      severity: 'error',
      from: { path: src('server') },
      to: { path: src('cli', 'simulator', 'demo') },
    },
    {
      name: 'simulator-never-imports-server-or-cli',
      comment: 'The simulator drives the services in process or the API over HTTP, never the server code or the CLI.',
      severity: 'error',
      from: { path: src('simulator') },
      to: { path: src('server', 'cli') },
    },
    {
      name: 'web-imports-only-domain-types',
      comment: 'The web app shares shapes with the server, never code: type-only imports from src/domain/.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: src('domain') },
    },
    {
      name: 'web-imports-src-type-only',
      comment: 'A value import would bundle server code into the browser; `import type` is erased.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one; split out what both need.',
      severity: 'error',
      from: { path: '^(src|web/src)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // See `import type` as dependencies too, so type-only edges are checked (and recognised as such).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
