// The dependency rule of DESIGN section 2: api ← solver ← core ← {electron, server, cli}; renderer → api only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden, message }] },
    ],
  },
});

const above = (name) => [`**/${name}/**`, `**/${name}`, `../${name}/*`];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['api/**'], [...above('solver'), ...above('core'), ...above('cli'), ...above('server'), ...above('electron'), ...above('renderer'), 'electron'], 'api/ is the contract: it imports only zod.'),
  layer(['solver/**'], [...above('core'), ...above('cli'), ...above('server'), ...above('electron'), ...above('renderer'), 'electron', 'better-sqlite3', 'pg'], 'solver/ depends on api/ only and does no I/O but solver processes.'),
  layer(['core/**'], [...above('cli'), ...above('server'), ...above('electron'), ...above('renderer'), 'electron'], 'core/ knows no shell.'),
  layer(['cli/**'], [...above('server'), ...above('electron'), ...above('renderer'), 'electron'], 'cli/ is a shell over core/.'),
);
