import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
    },
  },
  { files: ['**/*.mjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The architecture checker and the build-if-changed step are command-line tools: they report on the console.
  {
    files: ['.lint/**/*.mjs', '.tools/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  // The pages' small scripts run in the browser, as plain ES5-style scripts (no build step).
  {
    files: ['templates/web/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', history: 'readonly' },
    },
  },
);
