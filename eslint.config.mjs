import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'build/**', 'node_modules/**', '.demo/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { paths: [{ name: 'child_process', message: "Use 'node:child_process' with argument arrays." }] }],
    },
  },
  {
    // Only the extension host may import vscode; the core must run in plain Node.
    files: [
      'src/core/**/*.ts',
      'src/cli/**/*.ts',
      'shared/**/*.ts',
      'webview/**/*.ts',
      'test/unit/**/*.ts',
      'test/worker/**/*.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Only the extension host (src/ outside src/core and src/cli) may import vscode.' }] },
      ],
    },
  },
  {
    // The webview is a browser bundle: no Node built-ins.
    files: ['webview/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['node:*', 'fs', 'path', 'child_process', 'worker_threads'] }],
    },
  },
  {
    files: ['scripts/**/*.{js,cjs,mjs}', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
