// The dependency line, enforced by `npm run deps` (dependency-cruiser; TypeScript is parsed with swc,
// because TypeScript 7 has no JavaScript compiler API for dependency-cruiser to use).
//
//   protocol ← sim ← properties ← scenarios ← reports ← bench ← cli
//
// A folder may import only the folders to its left. protocol/ imports none of the others. platform/
// (the real process's randomness and time) may be imported by sim/ and everything after it, never by
// protocol/, and imports nothing but protocol/. engines/ (the engine contract, the registry and the
// device engines) sits beside platform/: it imports protocol/ only, and sim/ and everything after it
// may import it; an engine's own library is reached only inside its worker (engines/libsignal/worker.ts).
// test/ (test kits and vectors) may be imported only by *.test.ts files, and *.test.ts files may import
// anything. No circular dependencies anywhere.
// Type-only imports count: a type is a dependency on the folder that owns it.

/** @typedef {import('dependency-cruiser').IConfiguration} IConfiguration */

const LINE = ['protocol', 'sim', 'properties', 'scenarios', 'reports', 'bench', 'cli'];
const TEST_FILE = '\\.test\\.ts$';

/** One rule per folder of the line: it may not import anything to its right. */
const lineRules = LINE.slice(0, -1).map((folder, i) => ({
  name: `line-${folder}`,
  comment: `${folder}/ may import only ${['node_modules', ...LINE.slice(0, i)].join(', ')}${i >= 1 ? ', platform' : ''} (the dependency line in .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path: `^${folder}/`, pathNot: TEST_FILE },
  to: { path: `^(${LINE.slice(i + 1).join('|')})/` },
}));

/** The libsignal engine's worker thread: the only files that import @signalapp/libsignal-client. */
const LIBSIGNAL_WORKER = '^engines/libsignal/(worker|stores)\\.ts$';
/** The privacyresearch engine's worker thread: the only files that import @privacyresearch/libsignal-protocol-typescript. */
const PRIVACYRESEARCH_WORKER = '^engines/privacyresearch/(worker|stores)\\.ts$';

/** @type {IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module may depend on itself through others (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...lineRules,
    {
      name: 'line-protocol-platform',
      comment: 'protocol/ takes randomness and time as parameters: it never imports platform/.',
      severity: 'error',
      from: { path: '^protocol/', pathNot: TEST_FILE },
      to: { path: '^platform/' },
    },
    {
      name: 'line-platform',
      comment: 'platform/ sits just after protocol/: it imports protocol/ and node_modules only.',
      severity: 'error',
      from: { path: '^platform/', pathNot: TEST_FILE },
      to: { path: `^(engines|${LINE.slice(1).join('|')}|test)/` },
    },
    {
      name: 'line-protocol-engines',
      comment: 'protocol/ knows nothing of the engines that wrap it.',
      severity: 'error',
      from: { path: '^protocol/', pathNot: TEST_FILE },
      to: { path: '^engines/' },
    },
    {
      name: 'line-engines',
      comment: 'engines/ sits just after protocol/, beside platform/: it imports protocol/ and node_modules only.',
      severity: 'error',
      from: { path: '^engines/', pathNot: TEST_FILE },
      to: { path: `^(platform|${LINE.slice(1).join('|')}|test)/` },
    },
    {
      name: 'libsignal-only-in-its-worker',
      comment: 'engines/libsignal/worker.ts and stores.ts run in the worker thread only: nothing else imports them, so no other command loads libsignal.',
      severity: 'error',
      from: { pathNot: [TEST_FILE, LIBSIGNAL_WORKER] },
      to: { path: LIBSIGNAL_WORKER },
    },
    {
      name: 'privacyresearch-only-in-its-worker',
      comment: 'engines/privacyresearch/worker.ts and stores.ts run in the worker thread only: nothing else imports them, so no other command loads the GPL library.',
      severity: 'error',
      from: { pathNot: [TEST_FILE, PRIVACYRESEARCH_WORKER] },
      to: { path: PRIVACYRESEARCH_WORKER },
    },
    {
      name: 'test-kits-only-in-tests',
      comment: 'test/ (test kits and vectors) is imported by *.test.ts files only.',
      severity: 'error',
      from: { path: '^(protocol|platform|engines|sim|properties|scenarios|reports|bench|cli|bin)/', pathNot: TEST_FILE },
      to: { path: '^test/' },
    },
    {
      name: 'runtime-imports-are-dependencies',
      comment:
        'Code that runs in the package imports only "dependencies", not devDependencies. Exempt: bench/peers/ (the AGPL/GPL libsignal peers, devDependencies on purpose, loaded lazily by `sealroom bench` only), engines/libsignal/ and engines/privacyresearch/ worker.ts and stores.ts (each engine\'s worker thread, started only when that engine is asked for) and tests (test kits live in test/).',
      severity: 'error',
      from: { path: '^(protocol|platform|engines|sim|properties|scenarios|reports|bench|cli|bin)/', pathNot: [TEST_FILE, '^bench/peers/', LIBSIGNAL_WORKER, PRIVACYRESEARCH_WORKER] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'peers-load-lazily',
      comment: 'bench/peers/ is reached only through a dynamic import(), so the CLI runs without the peer devDependencies installed.',
      severity: 'error',
      from: { path: '^(protocol|platform|sim|properties|scenarios|reports|bench|cli|bin)/', pathNot: [TEST_FILE, '^bench/peers/'] },
      to: { path: '^bench/peers/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'cli-loads-bench-lazily',
      comment: 'cli/ reaches bench/ only through a dynamic import(), so only `sealroom bench` loads it.',
      severity: 'error',
      from: { path: '^cli/', pathNot: TEST_FILE },
      to: { path: '^bench/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-package',
      comment: 'Every package imported is declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(reports/out|types|\\.run)/' },
    // Type-only imports are dependencies too (see above).
    tsPreCompilationDeps: true,
    parser: 'swc',
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
