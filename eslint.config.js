// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Which process may import what (ARCHITECTURE.md): a boundary crossed is a lint error, not a review note. */
const boundaries = {
  shared: ['**/electron/**', '**/renderer/**', '**/e2e/**', 'electron', 'dexie', 'react', 'imapflow', 'node:*'],
  renderer: ['**/electron/**', '**/e2e/**', 'electron', 'imapflow', 'node:*'],
  electron: ['**/renderer/**', '**/e2e/**', 'dexie', 'react', 'react-dom'],
};

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: [group], message: 'This import crosses a process boundary (see ARCHITECTURE.md).' })) },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // Certificate checks stay in one place (electron/imap/checked-transport.ts), and every IMAP connection
    // of the app goes through connectImap, which applies them with the account's pin.
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/imap/checked-transport.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='rejectUnauthorized'][value.value=false]",
          message: 'Never turn certificate verification off; see electron/imap/checked-transport.ts.',
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    // Both rules in one block: a later no-restricted-syntax replaces an earlier one for the same file.
    ignores: ['**/*.test.ts', 'electron/imap/connect.ts', 'electron/imap/checked-transport.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='ImapFlow']", message: 'Open IMAP connections with connectImap, which checks certificates and pins.' },
        {
          selector: "Property[key.name='rejectUnauthorized'][value.value=false]",
          message: 'Never turn certificate verification off; see electron/imap/checked-transport.ts.',
        },
      ],
    },
  },
  { files: ['shared/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(boundaries.shared) },
  { files: ['electron/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(boundaries.electron) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Reports hooks the React Compiler cannot memoize; this app does not use the compiler.
      'react-hooks/incompatible-library': 'off',
      ...restrict(boundaries.renderer),
    },
  },
);
