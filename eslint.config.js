// The dependency rule of DESIGN section 2: api ← solver ← core ← {electron, server, cli}; renderer → api only.
// Zones are resolved paths, so `solver/backends/cli/` is not mistaken for the `cli/` shell.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const shells = ['./cli', './server', './electron', './renderer'];
const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./api', ['./solver', './core', ...shells], 'api/ is the contract: it imports only zod.'),
            zone('./solver', ['./core', ...shells], 'solver/ depends on api/ only.'),
            zone('./core', shells, 'core/ knows no shell.'),
            zone('./cli', ['./server', './electron', './renderer'], 'cli/ is a shell over core/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['api/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.)', message: 'api/ imports only zod.' }] }] },
  },
  {
    files: ['solver/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['better-sqlite3', 'pg', 'electron'].map((name) => ({ name, message: 'solver/ does no I/O but solver processes; only electron/ imports electron.' })) },
      ],
    },
  },
  {
    files: ['core/**', 'cli/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'only electron/ imports electron.' }] }] },
  },
);
