import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The import map of docs/architecture.md ("Where code runs", "may import"), enforced: one
 * `@typescript-eslint/no-restricted-imports` option set per folder. A later config block
 * replaces an earlier block's options for the same rule (they do not add up), so every block
 * below lists all the restrictions of its folder, built from the pieces here.
 * scripts/lint-rules.test.ts shows that a broken import fails `npm run lint`.
 */
const see = ' (docs/architecture.md, "Where code runs")';

/** What each package may import of the others: its layer. Everything else of @cifra/* is out. */
const packageDeps = {
  contracts: [],
  'upstash-local': [],
  digits: [],
  'image-decode': ['digits'],
  inference: ['contracts', 'digits'],
  model: ['contracts', 'digits', 'image-decode', 'inference'],
};
const packageNames = Object.keys(packageDeps);

const only = (names) => names.join('|');
const up = '^(\\.\\./)+'; // a relative path that climbs out of the importing folder

const r = {
  /** Every package is imported through its entry (`exports["."]`), never its files. */
  deepImport: [
    { regex: '^@cifra/[^/]+/', message: `import a package through its entry, e.g. '@cifra/digits'${see}` },
    {
      regex: `${up}(packages/)?(${only(packageNames)})/src/`,
      message: `import a package through its entry ('@cifra/<name>'), never its source files${see}`,
    },
  ],
  apps: [
    { regex: '^@cifra/(web|edge)$', message: `packages never import an app${see}` },
    { regex: `${up}apps/`, message: `packages never import an app${see}` },
  ],
  scriptsAndE2e: [
    { regex: `${up}(scripts|e2e)/`, message: `only tests and scripts use scripts/ and e2e/${see}` },
  ],
  otherPackages: (allowed) => {
    const out = packageNames.filter((name) => !allowed.includes(name));
    return [
      {
        regex: `^@cifra/(${only(out)})$`,
        message: `this package's layer may import only: ${allowed.join(', ') || 'no other package'}${see}`,
      },
    ];
  },
  tfjs: (where) => [
    // `…/x.wasm?url` is a file's URL for Vite, not code: the page preloads the WASM binary with it.
    { regex: '^@tensorflow/(?!.*\\?url$)', message: `tfjs is imported only in ${where}${see}` },
  ],
  edgeImportsWeb: [
    { regex: '^@cifra/web$', message: `the edge never imports the web app${see}` },
    { regex: `${up}(apps/)?web/`, message: `the edge never imports the web app${see}` },
  ],
  nodeOnlyPackages: [
    {
      regex: '^@cifra/(model|upstash-local)$',
      message: `Node-only packages are for tests and scripts, not the Worker${see}`,
    },
  ],
  webImportsEdge: [
    { regex: '^@cifra/edge$', message: `the web app never imports the edge${see}` },
    { regex: `${up}(apps/)?edge/`, message: `the web app never imports the edge${see}` },
  ],
  scriptsImportApps: [
    {
      regex: `${up}apps/`,
      message: `scripts and e2e reach the apps through the running stack, not their sources${see}`,
    },
  ],
  // Any relative path with a `<zone>/` segment, however it gets there ('../worker/',
  // './../worker/', '../../src/worker/').
  webZone: (zone, message, allowTypeImports = false) => [
    { regex: `^\\.{1,2}/(.*/)?${zone}/`, message: message + see, allowTypeImports },
  ],
  inferencePackages: (allowTypeImports) => [
    {
      regex: '^@cifra/(inference|digits|image-decode|model|upstash-local)$',
      message: `the page never loads the inference code: it asks the worker${see}`,
      allowTypeImports,
    },
  ],
  react: [{ regex: '^react(-dom)?($|/)', message: `only the page renders${see}` }],
};

const restrict = (...groups) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.flat() }],
});

/** `import()` is not an import declaration: the rule above does not see lazy chunks of tfjs. */
const noLazyTfjs = (where) => ({
  'no-restricted-syntax': [
    'error',
    {
      selector: 'ImportExpression[source.value=/^@tensorflow/]',
      message: `tfjs is imported only in ${where}${see}`,
    },
  ],
});

const tests = ['**/*.test.ts', '**/*.test.tsx'];

const importMap = [
  // Anything else (root configs, scripts, e2e): packages through their entries only.
  { files: ['**/*.{ts,tsx,js,mjs}'], rules: restrict(r.deepImport) },
  { files: ['scripts/**', 'e2e/**'], rules: restrict(r.deepImport, r.scriptsImportApps) },

  // Packages: their own layer, never an app; tests may use scripts/' fixtures.
  ...packageNames.flatMap((name) => {
    const base = [
      r.deepImport,
      r.apps,
      r.otherPackages(packageDeps[name]),
      ['contracts', 'upstash-local', 'digits', 'image-decode'].includes(name)
        ? r.tfjs("inference, model, the edge's inference/ and the web worker")
        : [],
    ];
    return [
      { files: [`packages/${name}/**`], rules: restrict(...base, r.scriptsAndE2e) },
      { files: tests.map((t) => `packages/${name}/${t}`), rules: restrict(...base) },
    ];
  }),

  // The edge (workerd): never the web app; tfjs only in inference/; no Node-only packages.
  { files: ['apps/edge/**'], rules: restrict(r.deepImport, r.edgeImportsWeb) },
  {
    files: ['apps/edge/src/**'],
    ignores: tests,
    rules: restrict(
      r.deepImport,
      r.edgeImportsWeb,
      r.scriptsAndE2e,
      r.nodeOnlyPackages,
      r.tfjs("the edge's inference/"),
    ),
  },
  {
    files: ['apps/edge/src/inference/**'],
    ignores: tests,
    rules: restrict(r.deepImport, r.edgeImportsWeb, r.scriptsAndE2e, r.nodeOnlyPackages),
  },

  // The web app: four places, each with its own imports.
  { files: ['apps/web/**'], rules: restrict(r.deepImport, r.webImportsEdge, r.scriptsAndE2e) },
  {
    files: ['apps/web/src/page/**'],
    rules: restrict(
      r.deepImport,
      r.webImportsEdge,
      r.scriptsAndE2e,
      r.tfjs('the inference worker, never the page'),
      r.inferencePackages(true),
      r.webZone(
        'worker',
        'the page imports only types from src/worker: it talks to the worker through src/shared',
        true,
      ),
      r.webZone('sw', 'the service worker is a bundle of its own: the page never imports it'),
    ),
  },
  {
    files: ['apps/web/src/page/**', 'apps/web/src/sw/**', 'apps/web/src/shared/**'],
    rules: noLazyTfjs('the inference worker'),
  },
  {
    files: ['apps/web/src/worker/**'],
    rules: restrict(
      r.deepImport,
      r.webImportsEdge,
      r.scriptsAndE2e,
      r.react,
      r.nodeOnlyPackages,
      r.webZone('page', 'the worker never imports the page'),
      r.webZone('sw', 'the worker never imports the service worker'),
    ),
  },
  {
    files: ['apps/web/src/sw/**'],
    rules: restrict(
      r.deepImport,
      r.webImportsEdge,
      r.scriptsAndE2e,
      r.react,
      r.tfjs('the inference worker, never the service worker'),
      r.inferencePackages(false),
      r.webZone('page', 'the service worker never imports the page'),
      r.webZone('worker', 'the service worker never imports the inference worker'),
    ),
  },
  {
    files: ['apps/web/src/shared/**'],
    rules: restrict(
      r.deepImport,
      r.webImportsEdge,
      r.scriptsAndE2e,
      r.react,
      r.tfjs('the inference worker; src/shared is imported by the page too'),
      r.inferencePackages(true),
      r.webZone('page', 'src/shared sits below the page, the worker and the service worker'),
      r.webZone('worker', 'src/shared sits below the page, the worker and the service worker'),
      r.webZone('sw', 'src/shared sits below the page, the worker and the service worker'),
    ),
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/.wrangler/',
      'public/model/',
      'test-results/',
      'playwright-report/',
      '.test-output/',
      'packages/model/.training/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...importMap,
  prettier,
);
