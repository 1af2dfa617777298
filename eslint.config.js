import { fileURLToPath } from 'node:url';
import lwcConfig from '@salesforce/eslint-config-lwc';
import importPlugin from 'eslint-plugin-import';
import jestPlugin from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const lwcFiles = [
  'force-app/**/lwc/**/*.js',
  'scripts/preview/client/modules/**/*.js',
  'scripts/preview/client/standins/**/*.js'
];

export default [
  { ignores: ['lib/**', 'node_modules/**', 'coverage/**', '.cairn/**', '**/.sf*/**'] },
  // TypeScript: worker, plugin commands, local org, scripts and their tests.
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off'
    }
  },
  // No import cycles among the TypeScript modules: `./x.js` imports resolve to `./x.ts`
  // (eslint-import-resolver.cjs), parsed with the TypeScript parser.
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/extensions': ['.ts'],
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { [fileURLToPath(new URL('./eslint-import-resolver.cjs', import.meta.url))]: {} }
    },
    rules: { 'import/no-cycle': 'error' }
  },
  // Plain JavaScript tooling (configs and the cairn runner).
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'module' }
  },
  // Lightning Web Components, the Salesforce way.
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: lwcFiles })),
  { files: ['scripts/preview/client/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/**/lwc/**/*.test.js'],
    ...jestPlugin.configs['flat/recommended'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    // Tests emit data through the wire adapters they import, as lwc-recipes' tests do.
    rules: { ...jestPlugin.configs['flat/recommended'].rules, '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
  }
];
