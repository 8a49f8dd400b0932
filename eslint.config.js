// The dependency rule of DESIGN section 2: api ← solver ← core ← {electron, server, cli}; renderer → api only.
// Zones are resolved paths, so `solver/backends/cli/` is not mistaken for the `cli/` shell.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const shells = ['./cli', './server', './electron', './renderer'];
const zone = (target, from, message) => ({ target, from, message });

const dependencyZones = [
  zone('./api', ['./solver', './core', ...shells], 'api/ is the contract: it imports only zod.'),
  zone('./solver', ['./core', ...shells], 'solver/ depends on api/ only.'),
  zone('./core', shells, 'core/ knows no shell.'),
  // `jessica serve` starts the browser shell, so cli/ may use server/; nothing else crosses shells
  zone('./cli', ['./electron', './renderer'], 'cli/ is a shell over core/ (and starts server/ for `serve`).'),
  zone('./server', ['./cli', './electron', './renderer', './solver'], 'server/ imports only api/ and core/.'),
  zone('./electron', ['./cli', './server', './renderer', './solver'], 'electron/ imports only api/ and core/.'),
  zone('./renderer', ['./solver', './core', './cli', './server', './electron'], 'renderer/ reaches the core through api/ only.'),
];

// solver/ in layers, bottom first: each folder imports only the folders before it (README, Project layout).
const solverLayers = [
  'model', // the model IR and its builder
  'tracking', // the tracking problem, its error, universes and price panels, account holdings
  'components', // one file per model component
  'usecases', // use cases as lists of components
  'writers', // LP and MPS text
  'assembler', // use case → model, and the JIT cache of model structures
  'backends', // the solver contract, one HiGHS solve (and kept models), CBC and Gurobi
  'heuristics', // primal heuristics on HiGHS
  'diagnosis', // infeasibility named by component
  'highsPool', // the worker pool: solves with heuristics, starts for other solvers, diagnoses
  'comparison', // several solvers on one model: objectives that must agree, the race
  'book', // the SMA book's math: clusters, model portfolios, whole-share mapping, account minimums
];
const solverLayerZones = solverLayers.slice(0, -1).map((layer, i) =>
  zone(
    `./solver/${layer}`,
    solverLayers.slice(i + 1).map((above) => `./solver/${above}`),
    `solver/${layer}/ imports only the layers below it: ${solverLayers.slice(0, i).join(', ') || 'none'}.`,
  ),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      // no-cycle follows imports only into files it parses: TypeScript too
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/no-restricted-paths': ['error', { zones: dependencyZones }],
    },
  },
  {
    // the conformance test drives both shells over one core, so it alone reaches into electron/'s IPC binding
    files: ['server/conformance.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [zone('./server', ['./cli', './renderer', './solver'], 'server/ imports only api/ and core/.')] }],
    },
  },
  {
    files: ['api/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.)', message: 'api/ imports only zod.' }] }] },
  },
  {
    // the solver's layers; a test may drive its code through the layers above it (e.g. solve on the pool)
    files: ['solver/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...dependencyZones, ...solverLayerZones] }] },
  },
  {
    files: ['solver/**'],
    rules: {
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        { paths: ['better-sqlite3', 'pg', 'electron'].map((name) => ({ name, message: 'solver/ does no I/O but solver processes; only electron/ imports electron.' })) },
      ],
    },
  },
  {
    files: ['core/**', 'cli/**', 'server/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only electron/ imports electron.' }] }] },
  },
  {
    // The desktop shell: the preload runs in the page's process, so it may not reach Node, and the
    // renderer-facing API is the one `window.jessica` of preload.ts. Electron's `remote` module is gone.
    files: ['electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@electron/remote', message: 'the remote module gives the page the main process.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag)$/][value.value=true]",
          message: 'the app window gets no Node, no insecure content, no experimental features and no <webview>.',
        },
        {
          selector: "Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false]",
          message: 'context isolation, the sandbox and web security stay on.',
        },
        {
          selector: "CallExpression[callee.property.name='exposeInMainWorld'] > Identifier[name='ipcRenderer']",
          message: 'expose the two functions of preloadApi, never ipcRenderer itself.',
        },
        {
          selector: "CallExpression[callee.property.name='openExternal']",
          message: 'links are not handed to the system: a crafted URL could start any program.',
        },
      ],
    },
  },
  {
    // what runs in the sandboxed preload: electron's renderer modules and the shell's own files only
    files: ['electron/preload.ts', 'electron/preloadApi.ts', 'electron/ipcChannels.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|\\.\\./core|\\.\\./solver)', message: 'a sandboxed preload has no Node and no core.' }] },
      ],
    },
  },
  {
    // the renderer runs in a browser page (or Electron's sandboxed renderer): browser globals, no Node
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { 'jsx-a11y': jsxA11y, 'react-hooks': reactHooks },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      ...reactHooks.configs.flat.recommended.rules,
      // a scrollable table is a focusable region, so the keyboard can scroll it
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'] }],
      'no-restricted-imports': ['error', { paths: ['electron', 'node:fs', 'fs'].map((name) => ({ name, message: 'the renderer reaches the machine through the api client only.' })) }],
    },
  },
);
